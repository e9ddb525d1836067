/* test_recipe.c - the named training recipes (src/nn/recipe.c): every recipe found with its
 * settings, the trainer's settings made from one, and a fresh network built from a layer spec. */
#include <string.h>

#include "nn/recipe.h"
#include "test.h"

TEST(every_recipe_is_found_and_gives_its_trainer_settings)
{
    const char *names[] = {"mlp", "seed", "cnn", "small"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const NnRecipe *r = nn_recipe(names[i]);
        CHECK(r != NULL && strcmp(r->name, names[i]) == 0);
        CHECK(strstr(nn_recipe_names, names[i]) != NULL);
        NnTrainConfig cfg;
        CHECK(nn_recipe_config(r, &cfg) == 0);
        if (!r)
            continue;
        CHECK(cfg.batch_size == r->batch && cfg.epochs == r->epochs && cfg.seed == 1);
        CHECK(cfg.opt.lr == r->lr && cfg.opt.weight_decay == r->weight_decay);
        CHECK(strcmp(nn_optim_name(cfg.opt.kind), r->optimizer) == 0);
        CHECK(strcmp(nn_cost_name(cfg.cost), r->cost) == 0);
        CHECK(strcmp(nn_schedule_name(cfg.opt.schedule), r->schedule) == 0);
        CHECK(cfg.augment == NULL);
    }
    /* the seed's network as the seed trains it */
    const NnRecipe *seed = nn_recipe("seed");
    CHECK(seed && strcmp(seed->layers, "784,100:sigmoid,10:softmax") == 0);
    CHECK(seed && strcmp(seed->cost, "quadratic") == 0 && strcmp(seed->optimizer, "sgd") == 0);
    CHECK(nn_recipe("huge") == NULL && nn_recipe(NULL) == NULL);
    NnTrainConfig cfg;
    CHECK(nn_recipe_config(NULL, &cfg) == -1);
}

TEST(a_network_from_a_spec_is_drawn_from_its_seed)
{
    SnError err = {0};
    NnModel *a = nn_network_new("784,16:relu,10:softmax", 28, 28, 7, NULL, &err);
    NnModel *b = nn_network_new("784,16:relu,10:softmax", 28, 28, 7, NULL, &err);
    NnModel *c = nn_network_new("784,16:relu,10:softmax", 28, 28, 8, NULL, &err);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK(a->n_params == 784 * 16 + 16 + 16 * 10 + 10);
        CHECK(memcmp(a->params, b->params, a->n_params * sizeof(float)) == 0);
        CHECK(memcmp(a->params, c->params, a->n_params * sizeof(float)) != 0);
    }
    nn_model_free(a);
    nn_model_free(b);
    nn_model_free(c);
    CHECK(nn_network_new("784,10:relux", 28, 28, 1, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "relux") != NULL);
}

/* A flat input as large as the images the network reads takes them as images; other inputs, or
 * no images given, keep the spec's shape. */
TEST(a_flat_input_as_large_as_the_images_takes_their_shape)
{
    NnModel *img = nn_network_new("784,10:softmax", 28, 28, 1, NULL, NULL);
    NnModel *flat = nn_network_new("784,10:softmax", 0, 0, 1, NULL, NULL);
    NnModel *other = nn_network_new("100,10:softmax", 28, 28, 1, NULL, NULL);
    NnModel *cnn = nn_network_new("784,conv2x3,pool,10:softmax", 28, 28, 1, NULL, NULL);
    CHECK(img && flat && other && cnn);
    if (img && flat && other && cnn) {
        CHECK(img->in_shape.c == 1 && img->in_shape.h == 28 && img->in_shape.w == 28);
        CHECK(img->info.preprocess == NN_PREP_MNIST);
        CHECK(flat->in_shape.c == 784 && flat->in_shape.h == 1 && flat->in_shape.w == 1);
        CHECK(other->in_shape.c == 100 && other->in_shape.h == 1);
        CHECK(memcmp(img->params, flat->params, img->n_params * sizeof(float)) == 0);
    }
    nn_model_free(img);
    nn_model_free(flat);
    nn_model_free(other);
    nn_model_free(cnn);
}

int main(void)
{
    RUN(every_recipe_is_found_and_gives_its_trainer_settings);
    RUN(a_network_from_a_spec_is_drawn_from_its_seed);
    RUN(a_flat_input_as_large_as_the_images_takes_their_shape);
    return test_main_result();
}
