/* test_picture.c - the pictures `scratchnet show` writes (src/cli/picture*.c): for a shipped
 * model (run once each for the MLP, the CNN and the seed), each picture (activations, weights,
 * saliency) saved as SVG is well-formed XML holding its legend and every layer it shows, and
 * saved as PNG decodes to the picture's size and is not blank; the saliency heat map's cells are orange where ink_saliency
 * is positive and blue where it is negative.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/picture_views.h"
#include "common/readfile.h"
#include "ink/png_codec.h"
#include "nn/inspect.h"
#include "nn/model_io.h"
#include "spec_model.h"
#include "test.h"

static char tmp_dir[512];
static char fonts[4200];

/* 1 if every tag of the document is closed in order (or closes itself), attribute values are
 * quoted without a '<' in them, and nothing follows the root element's end: the XML well-formedness an SVG viewer
 * needs, without entities or comments (the writer makes none). */
static int well_formed(const char *s)
{
    char stack[32][32];
    int depth = 0, roots = 0;
    while ((s = strchr(s, '<')) != NULL) {
        if (s[1] == '?') {
            s = strstr(s, "?>");
            if (!s)
                return 0;
            continue;
        }
        const int closing = s[1] == '/';
        const char *name = s + 1 + closing;
        size_t len = strcspn(name, " />\n");
        if (len == 0 || len >= sizeof stack[0])
            return 0;
        const char *e = name + len;
        char quote = 0;
        for (; *e && (quote || *e != '>'); e++) {
            if (*e == '<') /* never in a tag, not even in a quoted value */
                return 0;
            if (*e == '"' || *e == '\'')
                quote = quote == *e ? 0 : quote ? quote : *e;
        }
        if (!*e)
            return 0;
        if (closing) {
            if (depth == 0 || strncmp(stack[depth - 1], name, len) != 0 ||
                stack[depth - 1][len] != '\0')
                return 0;
            depth--;
        } else if (e[-1] != '/') {
            if (depth == 0 && roots++ > 0)
                return 0;
            if (depth == 32)
                return 0;
            memcpy(stack[depth], name, len);
            stack[depth++][len] = '\0';
        }
        s = e + 1;
    }
    return depth == 0 && roots == 1;
}

/* Saves p as SVG and PNG and checks both files; svg gets the SVG's text (caller frees). */
static void check_files(const Picture *p, const char *name, char **svg)
{
    char path[600];
    SnError err = {0};
    snprintf(path, sizeof path, "%s/%s.svg", tmp_dir, name);
    CHECK(pic_save(p, path, fonts, &err) == 0);
    size_t len = 0;
    *svg = NULL;
    CHECK(readfile_all(path, 1u << 26, 1, svg, &len, &err) == 0);
    CHECK(*svg && well_formed(*svg));
    CHECK(*svg && strstr(*svg, "data-part=\"legend\"") != NULL);
    snprintf(path, sizeof path, "%s/%s.png", tmp_dir, name);
    CHECK(pic_save(p, path, fonts, &err) == 0);
    char *bytes = NULL;
    float *px = NULL;
    int w = 0, h = 0;
    CHECK(readfile_all(path, 1u << 26, 0, &bytes, &len, &err) == 0);
    CHECK(bytes && ink_png_parse((unsigned char *)bytes, len, path, &px, &w, &h, &err) == 0);
    CHECK(w == p->w && h == p->h && w >= 600 && h >= 300);
    long dark = 0, white = 0;
    for (long i = 0; px && i < (long)w * h; i++) {
        dark += px[i] < 0.5f;
        white += px[i] > 0.99f;
    }
    CHECK(dark > (long)w * h / 100 && white > (long)w * h / 4); /* drawn, on a white ground */
    free(px);
    free(bytes);
}

/* The saliency heat map's colours against the gradient's sign at its largest cells. */
static void check_saliency_colours(const Picture *p, NnModel *m, const InkAnswer *a, int cls)
{
    float grad[INK_SIDE * INK_SIDE];
    SnError err = {0};
    unsigned char *rgba = NULL;
    CHECK(ink_saliency(m, a, cls, grad, &err) == 0);
    CHECK(pic_raster(p, fonts, &rgba, &err) == 0);
    if (!rgba)
        return;
    for (int sign = -1; sign <= 1; sign += 2)
        for (int k = 0; k < 3; k++) { /* the three cells most for, then against, the class */
            int best = 0;
            for (int i = 1; i < INK_SIDE * INK_SIDE; i++)
                if (sign * grad[i] > sign * grad[best])
                    best = i;
            CHECK(sign * grad[best] > 0.0f);
            const int x = pic_saliency_cell_x(best % INK_SIDE) + PIC_SALIENCY_CELL / 2;
            const int y = pic_saliency_cell_y(best / INK_SIDE) + PIC_SALIENCY_CELL / 2;
            const unsigned char *c = rgba + 4 * ((size_t)y * (size_t)p->w + (size_t)x);
            CHECK(sign > 0 ? c[0] > c[2] + 60 : c[2] > c[0] + 60); /* orange, or blue */
            grad[best] = 0.0f;
        }
    free(rgba);
}

static void check_model(const char *file)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/models/%s.json", getenv("SCRATCHNET_SOURCE_ROOT"), file);
    SnError err = {0};
    NnModel *m = nn_model_load(path, &err);
    CHECK(m != NULL);
    if (!m)
        return;
    snprintf(path, sizeof path, "%s/seven-with-base.json", getenv("SCRATCHNET_TEST_DATA"));
    InkAnswer a;
    CHECK(ink_classify(m, &(InkInput){.path = path, .strokes = 1}, &a, &err) == 0);
    Picture p;
    char *svg = NULL, name[128];
    /* activations: every layer that changes values named, by its heading and its part */
    CHECK(pic_activations(&p, m, &a, "seven-with-base.json", &err) == 0);
    snprintf(name, sizeof name, "%s-activations", file);
    check_files(&p, name, &svg);
    for (int l = 0; svg && l < m->n_layers; l++) {
        const NnLayerType t = m->layers[l].type;
        char part[64], heading[64];
        snprintf(part, sizeof part, "data-part=\"layer %d\"", l + 1);
        snprintf(heading, sizeof heading, ">%s %d \xc2\xb7", nn_layer_type_name(t), l + 1);
        const int shown = t != NN_LAYER_DROPOUT && t != NN_LAYER_FLATTEN;
        CHECK((strstr(svg, part) != NULL) == shown);
        CHECK((strstr(svg, heading) != NULL) == shown);
    }
    CHECK(svg && strstr(svg, "seven-with-base.json") && strstr(svg, "what the network sees"));
    free(svg);
    pic_free(&p);
    /* weights: a tile per unit or filter of the first layer */
    CHECK(pic_weights(&p, m, &err) == 0);
    snprintf(name, sizeof name, "%s-weights", file);
    check_files(&p, name, &svg);
    const NnLayer *L = &m->layers[pic_weights_layer(m)];
    int images = 0;
    for (const char *s = svg; s && (s = strstr(s, "data-part=\"weights\"")); s++)
        images++;
    CHECK(images == (L->type == NN_LAYER_CONV2D ? L->out.c : L->n_out));
    free(svg);
    pic_free(&p);
    /* saliency, for the top class and for another */
    for (int k = 0; k < 2; k++) {
        const int cls = k == 0 ? a.top : (a.top + 1) % m->n_out;
        CHECK(pic_saliency(&p, m, &a, cls, "seven-with-base.json", &err) == 0);
        snprintf(name, sizeof name, "%s-saliency-%d", file, cls);
        check_files(&p, name, &svg);
        char why[64];
        snprintf(why, sizeof why, k == 0 ? "why %s?" : "why not %s?", m->info.labels[cls]);
        CHECK(svg && strstr(svg, why) != NULL);
        check_saliency_colours(&p, m, &a, cls);
        free(svg);
        pic_free(&p);
    }
    nn_model_free(m);
}

static const char *model_name;

#define DOT "\xc2\xb7" /* the middle dot between a title's parts */
#define BY "\xc3\x97"  /* the times sign of a map's size */

/* An activation layer (a ReLU after pooling) is drawn as the maps it gives, titled with its
 * function, between the pooling and the dense layer; the weights are the convolution's. */
TEST(an_activation_layer_is_drawn_as_its_maps_with_its_function)
{
    NnModel *m = spec_model("1x28x28,conv8x3,pool,act:relu,flatten,10:softmax", 5, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    char path[4300];
    snprintf(path, sizeof path, "%s/seven-with-base.json", getenv("SCRATCHNET_TEST_DATA"));
    InkAnswer a;
    SnError err = {0};
    CHECK(ink_classify(m, &(InkInput){.path = path, .strokes = 1}, &a, &err) == 0);
    Picture p;
    char *svg = NULL;
    CHECK(pic_activations(&p, m, &a, "seven-with-base.json", &err) == 0);
    check_files(&p, "activation-layer", &svg);
    const char *pool = svg ? strstr(svg, ">maxpool2 2 " DOT " 8 feature maps 14" BY "14") : NULL;
    const char *act = svg ? strstr(svg, ">activation 3 " DOT " 8 feature maps 14" BY "14 " DOT
                                        " relu " DOT " largest") : NULL;
    const char *dense = svg ? strstr(svg, ">dense 5 " DOT " 10 units") : NULL;
    CHECK(pool && act && dense && pool < act && act < dense);
    CHECK(svg && strstr(svg, "data-part=\"layer 3\"") && !strstr(svg, "data-part=\"layer 4\""));
    /* no value of the ReLU's maps is below 0: its largest |value| is a largest value */
    const float *v = nn_inspect_output(m, 2);
    int negative = 0;
    for (int i = 0; v && i < m->layers[2].n_out; i++)
        negative += v[i] < 0.0f;
    CHECK(v && negative == 0);
    free(svg);
    pic_free(&p);
    CHECK(pic_weights_layer(m) == 0);
    nn_model_free(m);
}

TEST(test_model_pictures)
{
    check_model(model_name);
}

TEST(test_well_formed_catches_what_it_checks)
{
    CHECK(well_formed("<?xml version=\"1.0\"?>\n<svg a=\"x>y\"><g><rect/></g></svg>\n"));
    CHECK(!well_formed("<svg><g></svg></g>"));
    CHECK(!well_formed("<svg><g></svg>"));
    CHECK(!well_formed("<svg a=\"<\"></svg>"));
    CHECK(!well_formed("<svg></svg><svg></svg>"));
}

/* usage: test_picture MODEL (a shipped model's name, e.g. mnist-cnn) */
int main(int argc, char **argv)
{
    if (argc != 2) {
        printf("usage: test_picture MODEL\n");
        return 2;
    }
    model_name = argv[1];
    snprintf(fonts, sizeof fonts, "%s/assets", getenv("SCRATCHNET_SOURCE_ROOT"));
    if (test_make_scratch_dir(tmp_dir, sizeof tmp_dir, "test_picture") != 0)
        return 1;
    RUN(test_well_formed_catches_what_it_checks);
    RUN(test_model_pictures);
    if (strcmp(model_name, "mnist-cnn") == 0) /* once, beside the shipped CNN */
        RUN(an_activation_layer_is_drawn_as_its_maps_with_its_function);
    test_remove_dir(tmp_dir);
    return test_main_result();
}
