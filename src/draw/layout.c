/* layout.c - the window's rectangles and font sizes from its pixel size.
 *
 * One unit f (about the height of a line of panel text) is chosen as large as the panel allows:
 * the panel is a stack of models (1.6 f), prediction (4.2 f), preview title (1.3 f), preview
 * (4 f images + 1.2 f captions) and ten bars (1.35 f each) with three 0.5 f gaps, 27.3 f in
 * all, and needs about 11 f of width. The canvas takes the rest of the shorter dimension, rounded down to a whole
 * number of pixels per cell so the grid stays crisp. The toolbar above the bottom lines has rows
 * 8% of the shorter side high (at least 48 points, at most a tenth of it) and buttons whose
 * widths are weights times one unit; it takes two rows when one would make the narrowest
 * button much narrower than high. The Inside switch, which opens the view area, sits at the
 * bottom right beside the message and status lines, with the Flip it switch left of it and the
 * Light switch left of that; with the area open (layout_compute_view)
 * the canvas shrinks to make room for it. Nothing here knows about SDL.
 */
#include "draw/layout.h"

#include <math.h>

#define PANEL_UNITS_HIGH 27.3f /* the panel's height in units of f (sum of the blocks above) */
#define PANEL_UNITS_WIDE 11.0f /* the narrowest panel, in f: label + bar + "100.0%" */
#define PANEL_MAX_WIDE 24.0f   /* wider panels only stretch the bars; cap them and centre */

/* The toolbar, left to right: each control (or label) with its width in units and its group;
 * groups stand a little apart, and two rows split them 0-1 / 2-3. */
#define ITEM_BRUSH_SIZE LAYOUT_CONTROLS        /* the label between the brush buttons */
#define ITEM_MODEL_LABEL (LAYOUT_CONTROLS + 1) /* the label between the model buttons */
static const struct {
    int item;     /* a LayoutControl, or ITEM_* */
    float weight; /* width in units */
    int group;
} toolbar_items[] = {
    {LAYOUT_CTL_CLEAR, 1.75f, 0},        {LAYOUT_CTL_UNDO, 2.0f, 0},
    {LAYOUT_CTL_REDO, 2.0f, 0},          {LAYOUT_CTL_ERASER, 1.75f, 1},
    {LAYOUT_CTL_BRUSH_SMALLER, 1.0f, 1}, {ITEM_BRUSH_SIZE, 1.25f, 1},
    {LAYOUT_CTL_BRUSH_LARGER, 1.0f, 1},  {LAYOUT_CTL_MODEL_PREV, 1.0f, 2},
    {ITEM_MODEL_LABEL, 1.5f, 2},         {LAYOUT_CTL_MODEL_NEXT, 1.0f, 2},
    {LAYOUT_CTL_STEPS, 1.75f, 3},        {LAYOUT_CTL_PREPROCESS, 2.75f, 3},
    {LAYOUT_CTL_HELP, 1.5f, 3},
};
#define TOOLBAR_ITEMS ((int)(sizeof toolbar_items / sizeof toolbar_items[0]))
#define TOOLBAR_GROUPS 4

static int iround(float v) { return (int)lroundf(v); }

/* Stacks the panel's blocks inside (x, y, w, h) using the unit f; without_bars: all but the
 * bars (the caller places them), centred in h. */
static void panel(Layout *l, int x, int y, int w, int h, float f, int without_bars)
{
    int gap = imax(1, iround(0.5f * f));
    int models_h = iround(1.6f * f);
    int pred_h = iround(4.2f * f);
    int title_h = iround(1.3f * f);
    int caption_h = iround(1.2f * f);
    int img = imin(iround(4.0f * f), (w - (LAYOUT_STEPS - 1) * gap) / LAYOUT_STEPS);
    int bars_h = without_bars ? 0 : iround(13.5f * f);
    img = imax(img, 0);

    int used = models_h + gap + pred_h + gap + title_h + img + caption_h + gap + bars_h;
    int extra = h - used;
    if (extra > 0) {
        int grow = without_bars ? 0 : imin(extra, iround(6.5f * f)); /* bars up to 2 f a row */
        bars_h += grow;
        extra -= grow;
        y += extra / 2; /* centre what is left */
    } else {
        bars_h = imax(0, bars_h + extra); /* rounding overshoot comes off the bars */
    }

    l->models = layout_box(x, y, w, models_h);
    y += models_h + gap;
    l->prediction = layout_box(x, y, w, pred_h);
    y += pred_h + gap;
    l->preview_title = layout_box(x, y, w, title_h);
    y += title_h;
    l->preview = layout_box(x, y, w, img + caption_h);
    for (int i = 0; i < LAYOUT_STEPS; i++) {
        int sx = x + i * (img + gap);
        l->steps[i] = layout_box(sx, y, img, img);
        /* captions may spill into half the gap on each side, never into a neighbour's */
        int cx = imax(x, sx - gap / 2);
        int cr = imin(x + w, sx + img + gap / 2);
        l->captions[i] = layout_box(cx, y + img, cr - cx, caption_h);
    }
    y += img + caption_h + gap;
    l->bars = layout_box(x, y, w, bars_h);

    l->font_normal = imax(1, iround(f));
    l->font_big = imax(1, iround(3.4f * f));
}

/* The unit (pixels per weight) that fits the items of toolbar row `row` (of `rows`) into
 * width w, with gaps ig between buttons and gg between groups. */
static float toolbar_unit(int row, int rows, int w, int ig, int gg)
{
    float weights = 0.0f;
    int items = 0, groups = 0, last = -1;
    for (int i = 0; i < TOOLBAR_ITEMS; i++) {
        int g = toolbar_items[i].group;
        if (rows == 2 && (g >= TOOLBAR_GROUPS / 2) != row)
            continue;
        weights += toolbar_items[i].weight;
        items++;
        groups += g != last;
        last = g;
    }
    return (float)(w - ig * (items - groups) - gg * (groups - 1)) / weights;
}

/* Places the toolbar's rows (height rh, ig apart) from y down, each centred in (x, w). */
static void toolbar(Layout *l, int x, int w, int y, int rows, int rh, int ig, int gg)
{
    float unit = toolbar_unit(0, rows, w, ig, gg);
    if (rows == 2)
        unit = fminf(unit, toolbar_unit(1, rows, w, ig, gg));
    unit = fmaxf(0.0f, fminf(unit, 1.4f * (float)rh)); /* wide windows: no wider than that */
    for (int row = 0; row < rows; row++) {
        int first = -1, last = -1, width = 0, prev = -1;
        for (int i = 0; i < TOOLBAR_ITEMS; i++) { /* the row's items and its width */
            int g = toolbar_items[i].group;
            if (rows == 2 && (g >= TOOLBAR_GROUPS / 2) != row)
                continue;
            first = first < 0 ? i : first;
            last = i;
            width += iround(unit * toolbar_items[i].weight) + (prev < 0 ? 0 : g != prev ? gg : ig);
            prev = g;
        }
        int px = x + imax(0, (w - width) / 2), py = y + row * (rh + ig);
        for (int i = first; i <= last && first >= 0; i++) {
            if (i > first)
                px += toolbar_items[i].group != toolbar_items[i - 1].group ? gg : ig;
            LayoutRect r = layout_box(px, py, iround(unit * toolbar_items[i].weight), rh);
            if (toolbar_items[i].item == ITEM_BRUSH_SIZE)
                l->brush_size = r;
            else if (toolbar_items[i].item == ITEM_MODEL_LABEL)
                l->model_label = r;
            else
                l->controls[toolbar_items[i].item] = r;
            px += r.w;
        }
    }
}

/* The train view's buttons in LAYOUT_TRAIN_ROWS rows (th high, ig apart) across the bottom of
 * the view body, as wide as the body allows; the speed's as wide, at the body's top right
 * (beside the state line, whose speed it sets). */
static void train_buttons(Layout *l, int th, int ig)
{
    LayoutRect b = l->view_body;
    const int n = LAYOUT_TRAIN_BUTTONS - 1; /* in the rows: all but the speed */
    const int per_row = (n + LAYOUT_TRAIN_ROWS - 1) / LAYOUT_TRAIN_ROWS;
    th = imin(th, b.h / 6);
    int bw = (b.w - (per_row - 1) * ig) / per_row;
    int y0 = b.y + b.h - LAYOUT_TRAIN_ROWS * th - (LAYOUT_TRAIN_ROWS - 1) * ig;
    for (int i = 0, k = 0; i < LAYOUT_TRAIN_BUTTONS; i++) {
        LayoutControl c = (LayoutControl)(LAYOUT_CTL_TRAIN_SEED + i);
        if (c == LAYOUT_CTL_TRAIN_SPEED) {
            l->controls[c] = layout_box(b.x + b.w - bw, b.y + imax(1, l->gap / 2) / 2, bw, th);
            continue;
        }
        int row = k / per_row, col = k % per_row;
        l->controls[c] = layout_box(b.x + col * (bw + ig), y0 + row * (th + ig), bw, th);
        k++;
    }
}

/* The Data view's buttons along the bottom of body, rh high: previous, next, mistakes, edit on
 * canvas, widths in these units. */
static const float data_weights[] = {1.0f, 1.0f, 1.3f, 1.9f};

static void data_buttons(Layout *l, LayoutRect b, int rh, int ig)
{
    rh = imin(imax(rh, iround(2.25f * (float)l->font_control)), b.h / 3); /* a name over its key */
    int n = (int)(sizeof data_weights / sizeof data_weights[0]);
    float units = 0.0f;
    for (int i = 0; i < n; i++)
        units += data_weights[i];
    float u = fminf((float)(b.w - (n - 1) * ig) / units, 2.6f * (float)rh);
    int x = b.x;
    for (int i = 0; i < n; i++) {
        int w = imin(iround(u * data_weights[i]), b.x + b.w - x); /* rounding stays inside */
        l->controls[LAYOUT_CTL_DATA_PREV + i] = layout_box(x, b.y + b.h - rh, w, rh);
        x += w + ig;
    }
}

/* The view area's tabs (one per view, rows th high, ig apart) along the top of l->view_area,
 * as wide as the area allows (up to 2.3 th each) so their names keep the buttons' type (or
 * one size a little smaller that fits them all), its title on a line below them, the body
 * below that, and the softmax view's temperature buttons (the Yours view's two buttons, the Data
 * view's four) at the
 * body's bottom. */
static void view_area(Layout *l, int th, int ig)
{
    LayoutRect a = l->view_area;
    th = imin(th, a.h / 4);
    int tabs = layout_view_has_tabs(l->view); /* else a view of its own: its title at the top */
    int n = LAYOUT_VIEW_TABS, tg = imax(1, ig / 2); /* tabs a little closer than buttons */
    /* one row when every tab is wide enough for four letters of the buttons' type and the
     * longest name at the view's (with its padding), else two rows */
    int one = (a.w - (n - 1) * tg) / n, room1 = one - 2 * (one / LAYOUT_TAB_PAD);
    int per_row = one >= 4 * l->font_control && (float)room1 >= 5.2f * (float)l->font_view
                      ? n
                      : (n + 1) / 2;
    int rows = (n + per_row - 1) / per_row;
    th = imin(th, a.h / (4 + 2 * (rows - 1)));
    int tw = imin(iround(2.3f * (float)th), (a.w - (per_row - 1) * tg) / per_row);
    if (rows > 1) /* each row as low as a name at the view's size with its key under it, and a
                     finger, allow: the body keeps its room */
        th = imin(th, imax(iround(48.0f * l->scale), (int)ceilf(2.3f * (float)l->font_view)));
    if (!tabs)
        n = 0;
    for (int i = 0; i < n; i++)
        l->controls[LAYOUT_CTL_VIEW_ACTS + i] = layout_box(
            a.x + (i % per_row) * (tw + tg), a.y + (i / per_row) * (th + tg), tw, th);
    int tabs_h = tabs ? rows * th + (rows - 1) * tg + ig : 0;
    /* one size for every name: the buttons', or what lets "Compare" (about 5.2 bold letters)
     * fit between the padding */
    int room = tw - 2 * (tw / LAYOUT_TAB_PAD);
    l->font_tab = imax(1, imin(l->font_control, (int)floorf((float)room / 5.2f)));
    if (rows > 1)
        l->font_tab = imin(l->font_tab, l->font_view);
    int title_h = imin(iround(1.35f * (float)l->font_title), a.h / 8);
    l->view_title = layout_box(a.x, a.y + tabs_h, a.w, title_h);
    int by = l->view_title.y + title_h;
    l->view_body = layout_box(a.x, by, a.w, a.y + a.h - by);
    if (l->view == LAYOUT_VIEW_TRAIN) {
        train_buttons(l, th, ig);
        return;
    }
    if (l->view == LAYOUT_VIEW_CHALLENGE) { /* yes and no at the left, close at the right */
        LayoutRect b = l->view_body;
        int bh = imin(th, b.h / 6), bw = imin(iround(2.4f * (float)bh), (b.w - 2 * ig) / 3);
        int y = b.y + b.h - bh;
        l->controls[LAYOUT_CTL_CH_YES] = layout_box(b.x, y, bw, bh);
        l->controls[LAYOUT_CTL_CH_NO] = layout_box(b.x + bw + ig, y, bw, bh);
        l->controls[LAYOUT_CTL_CH_CLOSE] = layout_box(b.x + b.w - bw, y, bw, bh);
        return;
    }
    LayoutRect b = l->view_body;
    if (l->view == LAYOUT_VIEW_DATA) {
        data_buttons(l, b, th, ig);
        return;
    }
    if (l->view == LAYOUT_VIEW_YOURS) { /* its two buttons along the body's bottom */
        int uw = imin(iround(4.6f * (float)th), (b.w - ig) * 3 / 5);
        int dw = imin(iround(2.6f * (float)th), b.w - ig - uw);
        l->controls[LAYOUT_CTL_YOURS_USE] = layout_box(b.x, b.y + b.h - th, uw, th);
        l->controls[LAYOUT_CTL_YOURS_DELETE] =
            layout_box(b.x + b.w - dw, b.y + b.h - th, dw, th);
        return;
    }
    if (l->view != LAYOUT_VIEW_SOFTMAX)
        return;
    int bw = imin(iround(1.2f * (float)th), b.w / 4);
    l->controls[LAYOUT_CTL_TEMP_DOWN] = layout_box(b.x, b.y + b.h - th, bw, th);
    l->controls[LAYOUT_CTL_TEMP_UP] = layout_box(b.x + b.w - bw, b.y + b.h - th, bw, th);
}

void layout_window_size(int uw, int uh, int *w, int *h)
{
    float k = 1.0f;
    if (uw > 0 && uh > 0) {
        k = fminf((float)uw / 1920.0f, (float)uh / 1080.0f); /* grown on a larger screen */
        if (k < 1.0f)
            k = 1.0f;
        k = fminf(k, fminf(0.9f * (float)uw / (float)LAYOUT_WINDOW_W,
                           0.9f * (float)uh / (float)LAYOUT_WINDOW_H)); /* shrunk to fit */
    }
    *w = iround(k * (float)LAYOUT_WINDOW_W);
    *h = iround(k * (float)LAYOUT_WINDOW_H);
}

float layout_size_factor(int k)
{
    k = k < 0 ? 0 : k >= LAYOUT_SIZE_STEPS ? LAYOUT_SIZE_STEPS - 1 : k;
    return 1.0f + 0.25f * (float)k;
}

/* The panel of a landscape window at a size step above normal, in (x, y, w, h) right of the
 * canvas: the model line, the answer and the preview in a column (PANEL_COLUMN_A f wide), the
 * bars in one of their own (at least PANEL_UNITS_WIDE f) beside it, both at the unit f. */
#define PANEL_COLUMN_A 12.5f
static void panel_columns(Layout *l, int x, int y, int w, int h, float f)
{
    int gap = imax(1, iround(0.5f * f));
    int aw = iround(PANEL_COLUMN_A * f);
    panel(l, x, y, aw, h, f, 1);
    int bw = imin(w - aw - 2 * gap, iround(PANEL_MAX_WIDE * f));
    int bh = imin(h, iround(20.0f * f)); /* up to 2 f a row */
    l->bars = layout_box(x + aw + 2 * gap, y + (h - bh) / 2, bw, bh);
}

Layout layout_compute(int w_px, int h_px, float scale)
{
    return layout_compute_view(w_px, h_px, scale, LAYOUT_VIEW_NONE);
}

Layout layout_compute_view(int w_px, int h_px, float scale, LayoutView view)
{
    return layout_compute_size(w_px, h_px, scale, view, 0);
}

/* The bottom lines and the switches beside them; sets the fonts that follow the window and
 * returns the top of the band. */
static int bottom_band(Layout *l, float k)
{
    int w = l->w, h = l->h, gap = l->gap;
    float scale = l->scale;
    /* Bottom lines: their font follows the window, not the panel. */
    float fs = fminf((float)w, 1.6f * (float)h) / 64.0f;
    fs = fmaxf(fs, 7.0f * scale);     /* legible on small windows... */
    fs = fminf(fs, (float)h / 12.0f); /* ...but never more than a sixth of the height for both */
    /* the switches beside the lines keep their width (their text shrinks to fit), so the
     * lines keep their room */
    /* Inside and the six switches left of it leave the lines at least a ninth of a narrow
     * window's width */
    int vw = imin(iround(2.4f * 3.0f * fs), (w - 2 * gap) / 9); /* Inside */
    /* the view area's text keeps the normal size: its views fit their numbers and pictures to
     * it (view_layout.h) */
    l->font_view = imax(1, iround(0.88f * fs));
    l->font_title = imax(1, iround(1.05f * fs));
    fs = fminf(fs * k, (float)h / 12.0f); /* the user's size */
    l->font_small = imax(1, iround(fs));
    int line_h = iround(1.5f * fs);
    /* the two lines, and the switches beside them as high as both and 48 points at least, for
     * a finger */
    int band = imax(2 * line_h, imin(iround(48.0f * scale), imin(w, h) / 10));
    int band_y = h - gap - band;
    l->controls[LAYOUT_CTL_VIEWS] = layout_box(w - gap - vw, band_y, vw, band);
    int fx = w - gap - vw - imax(1, gap / 2) - vw; /* Flip it, left of Inside */
    l->controls[LAYOUT_CTL_FLIP] = layout_box(fx, band_y, vw, band);
    int tx = fx - imax(1, gap / 2) - vw; /* Light, left of Flip it */
    l->controls[LAYOUT_CTL_THEME] = layout_box(tx, band_y, vw, band);
    tx -= imax(1, gap / 2) + vw; /* Replay, left of Light */
    l->controls[LAYOUT_CTL_REPLAY] = layout_box(tx, band_y, vw, band);
    int sx = tx - imax(1, gap / 2) - vw; /* Size, left of Replay */
    l->controls[LAYOUT_CTL_SIZE] = layout_box(sx, band_y, vw, band);
    sx -= imax(1, gap / 2) + vw; /* Teach, left of Size */
    l->controls[LAYOUT_CTL_TEACH] = layout_box(sx, band_y, vw, band);
    sx -= imax(1, gap / 2) + vw; /* Challenge, left of Teach */
    l->controls[LAYOUT_CTL_CHALLENGE] = layout_box(sx, band_y, vw, band);
    l->status = layout_box(gap, h - gap - line_h, sx - 2 * gap, line_h);
    l->message = layout_box(gap, l->status.y - line_h, sx - 2 * gap, line_h);
    return band_y;
}

/* The toolbar above the band; sets its row height and inner gap, returns its top. */
static int toolbar_rows(Layout *l, int band_y, float root_k, int *rh_out, int *ig_out)
{
    int w = l->w, gap = l->gap;
    float scale = l->scale;
    /* the toolbar: rows a finger can hit, one if the buttons stay about as wide as high */
    int shorter = imin(w, l->h);
    int rh = iround(fminf(fmaxf(0.08f * (float)shorter, 48.0f * scale), (float)shorter / 10.0f));
    rh = imax(rh, 1);
    int ig = imax(1, iround(0.1f * (float)rh)), gg = imax(2 * ig, rh / 3);
    int rows = toolbar_unit(0, 1, w - 2 * gap, ig, gg) >= 0.75f * (float)rh ? 1 : 2;
    rh = imax(1, iround((float)rh * root_k)); /* the user's size: as many rows, taller */
    int bar_h = rows * rh + (rows - 1) * ig;
    int bar_y = band_y - gap - bar_h;
    toolbar(l, gap, w - 2 * gap, bar_y, rows, rh, ig, gg);
    l->font_control = imax(1, iround(0.36f * (float)rh));
    *rh_out = rh;
    *ig_out = ig;
    return bar_y;
}

/* Above the normal size, a landscape window without the view area puts the bars in a column
 * of their own when that lets the panel's unit grow (up to k times the normal one's) and
 * leaves the canvas a third of the width; returns whether, with the unit in *f2. */
static int use_columns(const Layout *l, int w_px, int h_px, float k, int body_h, float units,
                       float *f2)
{
    int w = l->w, h = l->h, gap = l->gap;
    if (!(l->landscape && !l->view && l->size_step > 0))
        return 0;
    float f0 =
        (float)layout_compute_size(w_px, h_px, l->scale, LAYOUT_VIEW_NONE, 0).font_normal;
    float share = 0.6f + 0.04f * (float)l->size_step; /* of the width, for the panel */
    *f2 = fminf(k * f0, fminf((float)body_h / 13.5f, share * (float)(w - 3 * gap) / units));
    return *f2 >= 1.05f * f0 && /* and the canvas keeps a third of the height */
           w - 3 * gap - iround(units * *f2) >= imin(body_h, h / 3 + LAYOUT_CELLS);
}

/* Landscape with the view area open: the canvas, the view area and the panel, left to right:
 * what is drawn, what happens inside the network, what it answers. */
static void body_landscape_view(Layout *l, int top, int body_h, int th, int ig)
{
    int w = l->w, gap = l->gap;
    int ph = body_h;
    float f = (float)ph / PANEL_UNITS_HIGH;
    int pw = imin(iround(12.5f * f), iround(0.27f * (float)(w - 4 * gap)));
    f = fminf(f, (float)pw / PANEL_UNITS_WIDE);
    int side = imin(body_h, iround(0.34f * (float)(w - 4 * gap)));
    if (side >= LAYOUT_CELLS)
        side -= side % LAYOUT_CELLS;
    side = imax(side, 0);
    l->canvas = layout_box(gap, top + (body_h - side) / 2, side, side);
    int vx = gap + side + gap;
    l->view_area = layout_box(vx, top, w - 3 * gap - side - gap - pw, body_h);
    panel(l, w - gap - pw, top, pw, ph, f, 0);
    view_area(l, th, ig);
}

/* Landscape above the normal size: the canvas and the panel in two columns (panel_columns). */
static void body_columns(Layout *l, int top, int body_h, float units, float f2)
{
    int w = l->w, gap = l->gap;
    int pw = imin(iround((units + PANEL_MAX_WIDE - PANEL_UNITS_WIDE) * f2),
                  w - 3 * gap - imin(body_h, iround(0.34f * (float)(w - 3 * gap))));
    pw = imax(pw, iround(units * f2));
    int side = imin(body_h, w - 3 * gap - pw);
    if (side >= LAYOUT_CELLS)
        side -= side % LAYOUT_CELLS;
    side = imax(side, 0);
    int x0 = imax(gap, (w - (side + gap + pw)) / 2);
    l->canvas = layout_box(x0, top + (body_h - side) / 2, side, side);
    panel_columns(l, x0 + side + gap, top, imin(pw, w - gap - (x0 + side + gap)), body_h, f2);
}

/* Landscape: the canvas and the panel side by side, centred. */
static void body_landscape(Layout *l, int top, int body_h)
{
    int w = l->w, gap = l->gap;
    int side = imin(body_h, iround(0.58f * (float)(w - 3 * gap)));
    if (side >= LAYOUT_CELLS)
        side -= side % LAYOUT_CELLS;
    side = imax(side, 0);
    int pw = imax(0, w - 3 * gap - side);
    int ph = body_h;
    float f = fminf((float)ph / PANEL_UNITS_HIGH, (float)pw / PANEL_UNITS_WIDE);
    pw = imin(pw, iround(PANEL_MAX_WIDE * f));
    int x0 = imax(gap, (w - (side + gap + pw)) / 2);
    l->canvas = layout_box(x0, top + (body_h - side) / 2, side, side);
    int px = x0 + side + gap;
    int py = top;
    panel(l, px, py, pw, ph, f, 0);
}

/* Portrait: the canvas (and the view area right of it) on top, the panel below. */
static void body_portrait(Layout *l, int top, int body_h, int bar_y, int th, int ig)
{
    int w = l->w, gap = l->gap;
    int side = imin(w - 2 * gap, iround(0.55f * (float)(body_h - gap)));
    if (l->view) /* the view area takes the right of the canvas's row */
        side = imin(side, iround(0.45f * (float)(w - 3 * gap)));
    if (side >= LAYOUT_CELLS)
        side -= side % LAYOUT_CELLS;
    side = imax(side, 0);
    l->canvas = layout_box(l->view ? gap : (w - side) / 2, top, side, side);
    if (l->view) {
        l->view_area = layout_box(2 * gap + side, top, w - 3 * gap - side, side);
        view_area(l, th, ig);
    }
    int pw = imax(0, w - 2 * gap);
    int ph = imax(0, bar_y - gap - (top + side + gap));
    float f = fminf((float)ph / PANEL_UNITS_HIGH, (float)pw / PANEL_UNITS_WIDE);
    int capped = imin(pw, iround(PANEL_MAX_WIDE * f));
    int px = (w - capped) / 2;
    int py = top + side + gap;
    panel(l, px, py, capped, ph, f, 0);
}

Layout layout_compute_size(int w_px, int h_px, float scale, LayoutView view, int size_step)
{
    Layout l = {0};
    l.size_step = size_step < 0 ? 0 : imin(size_step, LAYOUT_SIZE_STEPS - 1);
    /* with the view area open, the lines and the toolbar grow one step at most: the views need
     * the room */
    int view_open = view > LAYOUT_VIEW_NONE && view < LAYOUT_VIEWS;
    float k = layout_size_factor(view_open ? imin(l.size_step, 1) : l.size_step);
    float root_k = sqrtf(k);
    l.view = view > LAYOUT_VIEW_NONE && view < LAYOUT_VIEWS ? view : LAYOUT_VIEW_NONE;
    int w = imax(w_px, 1), h = imax(h_px, 1);
    if (!(scale > 0.0f))
        scale = 1.0f;
    l.w = w;
    l.h = h;
    l.scale = scale;
    l.landscape = w >= h;
    l.line = imax(1, iround(scale));
    l.gap = imax(1, iround(0.02f * (float)imin(w, h)));
    int gap = l.gap;

    int band_y = bottom_band(&l, k);
    int rh, ig;
    int bar_y = toolbar_rows(&l, band_y, root_k, &rh, &ig);

    int top = gap;
    /* landscape: the canvas and the panel above the toolbar; portrait: the canvas as tall as
     * without it, the panel gives up the room */
    int body_h = imax(0, (l.landscape ? bar_y : band_y) - gap - top);
    int th = imax(iround(48.0f * scale), iround(0.8f * (float)rh)); /* the view's tabs */
    float units = PANEL_COLUMN_A + PANEL_UNITS_WIDE + 1.0f, f2 = 0.0f;
    int columns = use_columns(&l, w_px, h_px, k, body_h, units, &f2);
    if (l.landscape && l.view)
        body_landscape_view(&l, top, body_h, th, ig);
    else if (columns)
        body_columns(&l, top, body_h, units, f2);
    else if (l.landscape)
        body_landscape(&l, top, body_h);
    else
        body_portrait(&l, top, body_h, bar_y, th, ig);
    return l;
}

int layout_to_cells(const Layout *l, float px, float py, float *cx, float *cy)
{
    float side = (float)(l->canvas.w > 0 ? l->canvas.w : 1);
    *cx = (px - (float)l->canvas.x) * (float)LAYOUT_CELLS / side;
    *cy = (py - (float)l->canvas.y) * (float)LAYOUT_CELLS / side;
    return *cx >= 0.0f && *cy >= 0.0f && *cx < (float)LAYOUT_CELLS && *cy < (float)LAYOUT_CELLS;
}

int layout_press_margin(const Layout *l)
{
    return l->gap;
}

int layout_press_cells(const Layout *l, float px, float py, float *cx, float *cy)
{
    layout_to_cells(l, px, py, cx, cy);
    float m = (float)layout_press_margin(l) * (float)LAYOUT_CELLS /
              (float)(l->canvas.w > 0 ? l->canvas.w : 1);
    float n = (float)LAYOUT_CELLS;
    if (!(*cx > -m && *cy > -m && *cx < n + m && *cy < n + m)) /* the band, not the next block */
        return 0;
    *cx = fminf(fmaxf(*cx, 0.0f), n);
    *cy = fminf(fmaxf(*cy, 0.0f), n);
    return 1;
}

LayoutRect layout_flip_band(const Layout *l)
{
    LayoutRect c = l->canvas;
    int h = iround(3.9f * (float)l->font_small);
    return c.w >= 8 * l->font_small && c.h >= 3 * h ? layout_box(c.x, c.y, c.w, h)
                                                     : layout_box(0, 0, 0, 0);
}

LayoutRect layout_flip_apply(const Layout *l)
{
    LayoutRect b = layout_flip_band(l);
    int pad = b.h / 8, w = imin(iround(4.5f * (float)l->font_small), b.w / 4);
    return b.w > 0 ? layout_box(b.x + b.w - pad - w, b.y + pad, w, b.h - 2 * pad) : b;
}

LayoutControl layout_hit(const Layout *l, int px, int py)
{
    for (int c = 0; c < LAYOUT_ALL_CONTROLS; c++)
        if (layout_contains(l->controls[c], px, py))
            return (LayoutControl)c;
    return LAYOUT_CTL_NONE;
}

int layout_view_has_tabs(LayoutView v)
{
    return v >= LAYOUT_VIEW_ACTS && v < LAYOUT_VIEWS && v != LAYOUT_VIEW_REPLAY;
}

int layout_contains(LayoutRect r, int px, int py)
{
    return px >= r.x && py >= r.y && px < r.x + r.w && py < r.y + r.h;
}
