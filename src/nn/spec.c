/* spec.c - layer spec strings ("784,128:relu,10:softmax"): the input's shape, then one item per
 * layer, each recognised by its type's descriptor (layer.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/layer.h"
#include "nn/model.h"

long nn_spec_take_int(const char **p, long max)
{
    if (!isdigit((unsigned char)**p))
        return -1;
    errno = 0;
    char *end = NULL;
    long v = strtol(*p, &end, 10);
    if (errno || v < 0 || v > max)
        return -1;
    *p = end;
    return v;
}

/* The message for an item no type recognises: what a width and each type look like. */
static int not_an_item(const char *text, const char *name, SnError *err)
{
    char forms[256] = "";
    size_t len = 0;
    for (int t = 0; t < NN_LAYER_COUNT; t++) {
        const char *form = nn_layer_ops[t]->spec_form;
        if (form && len < sizeof forms)
            len += (size_t)snprintf(forms + len, sizeof forms - len, "%s%s", len ? ", " : "", form);
    }
    return sn_error(err, SN_E_ARG,
                    "layer spec \"%s\": \"%s\" is not a width from 1 to "
                    "%d or a layer (%s)",
                    text, name, NN_MAX_WIDTH, forms);
}

static int parse_item(const char *text, const char *item, NnLayerSpec *s, SnError *err)
{
    char name[64];
    const char *colon = strchr(item, ':');
    size_t len = colon ? (size_t)(colon - item) : strlen(item);
    if (len == 0 || len >= sizeof name)
        return sn_error(err, SN_E_ARG, "layer spec \"%s\": empty or overlong item \"%s\"", text,
                        item);
    memcpy(name, item, len);
    name[len] = '\0';
    memset(s, 0, sizeof *s);
    s->act = NN_ACT_LINEAR;
    if (colon && nn_act_parse(colon + 1, &s->act) != 0)
        return sn_error(err, SN_E_ARG,
                        "layer spec \"%s\": unknown activation \"%s\" (linear, step, sigmoid, "
                        "relu, tanh, softmax)",
                        text, colon + 1);
    for (int t = 0; t < NN_LAYER_COUNT; t++) {
        const NnLayerOps *ops = nn_layer_ops[t];
        if (!ops->parse) { /* a type without settings: its word alone */
            if (strcmp(name, ops->spec_form) == 0) {
                s->type = (NnLayerType)t;
                return 0;
            }
            continue;
        }
        int rc = ops->parse(name, text, s, err);
        if (rc != 0)
            return rc < 0 ? rc : 0;
    }
    return not_an_item(text, name, err);
}

int nn_spec_parse(const char *text, NnShape *in, NnLayerSpec *specs, SnError *err)
{
    char buf[2048];
    if (strlen(text) >= sizeof buf)
        return sn_error(err, SN_E_ARG, "layer spec is too long");
    snprintf(buf, sizeof buf, "%s", text);
    int count = -1; /* -1: the first item is the input */
    char *save = NULL;
    for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*item))
            item++;
        if (count < 0) {
            /* "784" or "1x28x28" */
            const char *p = item;
            long c = nn_spec_take_int(&p, NN_MAX_WIDTH), h = 1, w = 1;
            if (*p == 'x') {
                p++;
                h = nn_spec_take_int(&p, NN_MAX_SIDE);
                if (*p == 'x') {
                    p++;
                    w = nn_spec_take_int(&p, NN_MAX_SIDE);
                } else {
                    h = -1;
                }
            }
            if (c < 1 || h < 1 || w < 1 || *p)
                return sn_error(err, SN_E_ARG,
                                "layer spec \"%s\": the first item is the input, "
                                "a width like 784 or channels x height x width like 1x28x28, "
                                "not \"%s\"",
                                text, item);
            *in = (NnShape){(int)c, (int)h, (int)w};
        } else {
            if (count >= NN_MAX_LAYERS)
                return sn_error(err, SN_E_ARG, "layer spec \"%s\": more than %d layers", text,
                                NN_MAX_LAYERS);
            int rc = parse_item(text, item, &specs[count], err);
            if (rc)
                return rc;
        }
        count++;
    }
    if (count < 1)
        return sn_error(err, SN_E_ARG,
                        "layer spec \"%s\": needs the input and at least one layer, e.g. "
                        "784,128:relu,10:softmax",
                        text);
    return count;
}
