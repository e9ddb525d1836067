/* browse.c - the data browser's state (browse.h): a source's answers copied and counted into a
 * confusion matrix, the list a filter shows in its order, and stepping through it.
 *
 * The mistakes and a cell are sorted by confidence, surest first, with a stable merge sort of
 * their indices (ties keep the source's order), so the same source always shows the same list.
 */
#include "draw/browse.h"

#include <stdlib.h>
#include <string.h>

#include "common/error.h"

void browse_init(Browse *b)
{
    memset(b, 0, sizeof *b);
}

void browse_free(Browse *b)
{
    free(b->labels);
    free(b->answers);
    free(b->sure);
    free(b->shown);
    browse_init(b);
}

int browse_right(const Browse *b, int i)
{
    return i >= 0 && i < b->n && b->answers[i] == b->labels[i];
}

/* The column of answer a in the matrix: its class, or n_classes for a refusal. */
static int column(const Browse *b, int a)
{
    return a == BROWSE_REFUSED ? b->n_classes : a;
}

int browse_set(Browse *b, const BrowseSource *src)
{
    browse_free(b);
    if (src->n < 0 || src->n_classes < 1 || src->n_classes > NN_MAX_CLASSES)
        return SN_E_ARG;
    for (int i = 0; i < src->n; i++)
        if (src->labels[i] >= src->n_classes ||
            (src->answers[i] >= src->n_classes && src->answers[i] != BROWSE_REFUSED))
            return SN_E_ARG;
    size_t n = (size_t)(src->n > 0 ? src->n : 1);
    b->labels = malloc(n);
    b->answers = malloc(n);
    b->sure = malloc(n * sizeof *b->sure);
    b->shown = malloc(n * sizeof *b->shown);
    if (!b->labels || !b->answers || !b->sure || !b->shown) {
        browse_free(b);
        return SN_E_NOMEM;
    }
    b->id = src->id;
    b->n = src->n;
    b->n_classes = src->n_classes;
    memcpy(b->labels, src->labels, (size_t)src->n);
    memcpy(b->answers, src->answers, (size_t)src->n);
    memcpy(b->sure, src->sure, (size_t)src->n * sizeof *b->sure);
    for (int i = 0; i < b->n; i++) {
        b->confusion[b->labels[i]][column(b, b->answers[i])]++;
        b->n_mistakes += !browse_right(b, i);
        b->n_refused += b->answers[i] == BROWSE_REFUSED;
    }
    return browse_filter(b, BROWSE_ALL);
}

/* Merges the sorted runs a[0..na) and a[na..n) into tmp by confidence, surest first, then back. */
static void merge(const Browse *b, int *a, int na, int n, int *tmp)
{
    int i = 0, j = na, k = 0;
    while (i < na && j < n)
        tmp[k++] = b->sure[a[j]] > b->sure[a[i]] ? a[j++] : a[i++]; /* equal: the earlier */
    while (i < na)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

/* Sorts a[0..n) by confidence, surest first, keeping the order of equals. */
static void sort_sure(const Browse *b, int *a, int n, int *tmp)
{
    if (n < 2)
        return;
    int h = n / 2;
    sort_sure(b, a, h, tmp);
    sort_sure(b, a + h, n - h, tmp);
    merge(b, a, h, n, tmp);
}

/* Fills shown with the images the filter keeps, in its order, and shows the first. */
static int refill(Browse *b)
{
    b->n_shown = 0;
    b->pos = 0;
    for (int i = 0; i < b->n; i++) {
        int keep = b->filter == BROWSE_ALL        ? 1
                   : b->filter == BROWSE_MISTAKES ? !browse_right(b, i)
                                                  : b->labels[i] == b->cell_label &&
                                                        column(b, b->answers[i]) == b->cell_answer;
        if (keep)
            b->shown[b->n_shown++] = i;
    }
    if (b->filter == BROWSE_ALL || b->n_shown < 2)
        return 0;
    int *tmp = malloc((size_t)b->n_shown * sizeof *tmp);
    if (!tmp) {
        b->n_shown = 0;
        return SN_E_NOMEM;
    }
    sort_sure(b, b->shown, b->n_shown, tmp);
    free(tmp);
    return 0;
}

int browse_filter(Browse *b, BrowseFilter f)
{
    b->filter = f == BROWSE_MISTAKES ? BROWSE_MISTAKES : BROWSE_ALL;
    return refill(b);
}

int browse_cell(Browse *b, int label, int answer)
{
    if (label < 0 || label >= b->n_classes || answer < 0 || answer > b->n_classes)
        return SN_E_ARG;
    if (b->filter == BROWSE_CELL && b->cell_label == label && b->cell_answer == answer)
        return browse_filter(b, BROWSE_ALL);
    b->filter = BROWSE_CELL;
    b->cell_label = label;
    b->cell_answer = answer;
    return refill(b);
}

int browse_go(Browse *b, int i)
{
    if (b->n_shown < 1)
        return 0;
    i = i < 0 ? 0 : i >= b->n_shown ? b->n_shown - 1 : i;
    int moved = i != b->pos;
    b->pos = i;
    return moved;
}

int browse_step(Browse *b, int k)
{
    /* in long steps: a step past either end stops there */
    long long to = (long long)b->pos + k;
    return browse_go(b, to < 0 ? 0 : to > b->n_shown ? b->n_shown : (int)to);
}

int browse_current(const Browse *b)
{
    return b->n_shown > 0 && b->pos >= 0 && b->pos < b->n_shown ? b->shown[b->pos] : -1;
}

int browse_columns(const Browse *b, int rule)
{
    return b->n_classes + (b->n_refused > 0 || rule ? 1 : 0);
}
