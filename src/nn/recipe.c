/* recipe.c - the named training recipes and a fresh network from a layer spec (recipe.h). */
#include "nn/recipe.h"

#include <string.h>

static const NnRecipe recipes[] = {
    {"mlp", "784,256:relu,128:relu,10:softmax", "cross-entropy", "adam", 1e-3f, "cosine", 128, 20,
     0.0f, "full", 12000, 10000, 0.005f,
     "ReLU MLP, softmax + cross-entropy, Adam, cosine schedule"},
    {"seed", "784,100:sigmoid,10:softmax", "quadratic", "sgd", 0.5f, "constant", 10, 30, 0.0f,
     "none", 0, 0, 0.005f, "the seed's network: sigmoid hidden layer, quadratic cost, plain SGD"},
    {"cnn", "1x28x28,conv32x5:relu,pool,conv64x5:relu,pool,dropout0.25,256:relu,10:softmax",
     "cross-entropy", "adam", 1e-3f, "cosine", 64, 25, 0.0f, "full", 12000, 10000, 0.005f,
     "convolutional network with dropout, trained on distorted digits"},
    {"small", "784,64:relu,10:softmax", "cross-entropy", "momentum", 0.05f, "constant", 32, 5, 0.0f,
     "none", 0, 0, 0.005f, "a small fast network for a quick demonstration"},
};

const char nn_recipe_names[] = "mlp, seed, cnn, small";

const NnRecipe *nn_recipe(const char *name)
{
    for (size_t i = 0; name && i < sizeof recipes / sizeof recipes[0]; i++)
        if (strcmp(recipes[i].name, name) == 0)
            return &recipes[i];
    return NULL;
}

int nn_recipe_config(const NnRecipe *r, NnTrainConfig *cfg)
{
    NnOptimKind kind;
    memset(cfg, 0, sizeof *cfg);
    if (!r || nn_cost_parse(r->cost, &cfg->cost) || nn_optim_parse(r->optimizer, &kind))
        return -1;
    cfg->opt = nn_optim_defaults(kind);
    cfg->opt.lr = r->lr;
    cfg->opt.weight_decay = r->weight_decay;
    if (nn_schedule_parse(r->schedule, &cfg->opt.schedule))
        return -1;
    cfg->batch_size = r->batch;
    cfg->epochs = r->epochs;
    cfg->seed = 1;
    return 0;
}

NnModel *nn_network_new(const char *spec, int rows, int cols, uint64_t seed, NnPool *pool,
                        SnError *err)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    int n = nn_spec_parse(spec, &in, specs, err);
    if (n < 0)
        return NULL;
    if (rows > 0 && in.h == 1 && in.w == 1 && in.c == rows * cols)
        in = (NnShape){1, rows, cols};
    NnModel *m = nn_model_new_shape(in, specs, n, err);
    if (!m)
        return NULL;
    nn_model_set_pool(m, pool);
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    return m;
}
