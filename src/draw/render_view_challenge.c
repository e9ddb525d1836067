/* render_view_challenge.c - challenge mode in the view area (app_challenge.h), read from the
 * back of a room: whose turn, the prompt in large type, the seconds left in larger type still,
 * what the network says now (or the round's result), and the score table of the two teams
 * (rounds, won, points, time used). Its buttons (the teacher's yes and no, close) lie below,
 * drawn with the other controls.
 */
#include "draw/render_views.h"

#include <stdio.h>

#include "draw/app_challenge.h"

/* The parts of the body b above its buttons (bottom at `end`): turn line, prompt, clock and
 * status, table. */
typedef struct {
    SDL_Rect turn, prompt, clock, status, table;
    int f_prompt, f_clock, f_line;
} ChallengeParts;

static ChallengeParts parts(const Layout *l, SDL_Rect b, int end)
{
    ChallengeParts p;
    p.f_line = l->font_title;
    p.f_prompt = iround(1.45f * (float)l->font_title);
    p.f_clock = iround(2.6f * (float)l->font_title);
    int y = b.y;
    p.turn = box(b.x, y, b.w, iround(1.4f * (float)p.f_line));
    y += p.turn.h;
    p.prompt = box(b.x, y, b.w, iround(2.5f * (float)p.f_prompt));
    y += p.prompt.h;
    p.clock = box(b.x, y, b.w, iround(1.3f * (float)p.f_clock));
    y += p.clock.h;
    p.status = box(b.x, y, b.w, iround(2.6f * (float)p.f_line));
    y += p.status.h + p.f_line / 2;
    p.table = box(b.x, y, b.w, SDL_max(0, end - y - p.f_line / 2));
    return p;
}

static const char *turn_word(const AppChallenge *c)
{
    return c->state == APP_CH_RUNNING || c->state == APP_CH_CONFIRM ? "turn" : "round over";
}

void challenge_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)v;
    const AppChallenge *c = app_challenge_state(s);
    char status[200] = "";
    app_challenge_status(s, status, sizeof status);
    uint64_t k = key_int(KEY_START, c ? (long long)c->serial : -1);
    k = key_int(k, app_challenge_seconds_left(s));
    render_item(rd, sdl_rect(l->view_body), key_str(k, status));
}

/* The score table in r: a header and a row per team, the team whose turn it is marked. */
static void draw_table(Render *rd, const AppState *s, const AppChallenge *c, SDL_Rect r, int f)
{
    static const char *heads[5] = {"Score", "rounds", "won", "points", "time"};
    static const float cols[6] = {0.0f, 0.30f, 0.47f, 0.62f, 0.80f, 1.0f};
    int row = SDL_min(iround(1.6f * (float)f), r.h / 3);
    if (row < 4)
        return;
    for (int i = 0; i < 5; i++) {
        int x0 = r.x + iround(cols[i] * (float)r.w), x1 = r.x + iround(cols[i + 1] * (float)r.w);
        text_draw(rd->text, heads[i], f, i == 0 ? TEXT_BOLD : TEXT_REGULAR, C_DIM,
                  box(x0, r.y, x1 - x0, row), i == 0 ? TEXT_LEFT : TEXT_RIGHT);
    }
    render_fill(rd->r, box(r.x, r.y + row, r.w, SDL_max(1, f / 12)), C_BORDER);
    for (int t = 0; t < APP_CHALLENGE_TEAMS; t++) {
        const AppChallengeTeam *tm = &c->teams[t];
        int y = r.y + row + SDL_max(1, f / 12) + t * row;
        char cell[5][32];
        snprintf(cell[0], sizeof cell[0], "Team %d", t + 1);
        snprintf(cell[1], sizeof cell[1], "%d", tm->rounds);
        snprintf(cell[2], sizeof cell[2], "%d", tm->won);
        snprintf(cell[3], sizeof cell[3], "%d", tm->points);
        int secs = (int)(tm->time_ms / 1000.0f + 0.5f);
        snprintf(cell[4], sizeof cell[4], "%d:%02d", secs / 60, secs % 60);
        int mine = t == c->team;
        if (mine)
            render_fill(rd->r, box(r.x, y, r.w, row), C_LIT);
        for (int i = 0; i < 5; i++) {
            int x0 = r.x + iround(cols[i] * (float)r.w);
            int x1 = r.x + iround(cols[i + 1] * (float)r.w);
            text_draw(rd->text, cell[i], f, i == 0 || i == 3 ? TEXT_BOLD : TEXT_REGULAR, C_TEXT,
                      box(x0 + (i == 0 ? f / 3 : 0), y, x1 - x0 - f / 3, row),
                      i == 0 ? TEXT_LEFT : TEXT_RIGHT);
        }
    }
    (void)s;
}

void challenge_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)v;
    const AppChallenge *c = app_challenge_state(s);
    if (!c)
        return;
    SDL_Rect b = sdl_rect(l->view_body);
    int end = l->controls[LAYOUT_CTL_CH_YES].h > 0 ? l->controls[LAYOUT_CTL_CH_YES].y : b.y + b.h;
    ChallengeParts p = parts(l, b, end);
    char text[200];
    snprintf(text, sizeof text, "Team %d's %s \xc2\xb7 round %d", c->team + 1, turn_word(c),
             c->round);
    text_draw(rd->text, text, p.f_line, TEXT_BOLD, C_DIM, p.turn, TEXT_LEFT);
    app_challenge_prompt_text(s, &c->prompt, text, sizeof text);
    text_draw_wrapped(rd->text, text, p.f_prompt, TEXT_BOLD, C_ACCENT, p.prompt);
    int left = app_challenge_seconds_left(s);
    SDL_Rect big; /* what the large line covers: its note goes right of it */
    const char *note;
    if (c->state == APP_CH_RUNNING || c->state == APP_CH_CONFIRM) {
        snprintf(text, sizeof text, "%d:%02d", left / 60, left % 60);
        big = text_draw(rd->text, text, p.f_clock, TEXT_BOLD, left <= 10 ? C_ERROR : C_TEXT,
                        p.clock, TEXT_LEFT);
        note = c->state == APP_CH_CONFIRM ? "clock stopped: Y yes, N no" : "seconds left";
    } else {
        snprintf(text, sizeof text, "%s", c->state == APP_CH_WON ? "Done!" : "Over");
        big = text_draw(rd->text, text, p.f_clock, TEXT_BOLD,
                        c->state == APP_CH_WON ? C_OK : C_DIM, p.clock, TEXT_LEFT);
        note = "Q: the next team's round";
    }
    int nx = big.x + big.w + p.f_line;
    text_draw(rd->text, note, p.f_line, TEXT_REGULAR, C_DIM,
              box(nx, p.clock.y, p.clock.x + p.clock.w - nx, p.clock.h), TEXT_LEFT);
    app_challenge_status(s, text, sizeof text);
    int good = c->state == APP_CH_WON || c->state == APP_CH_CONFIRM;
    text_draw_wrapped(rd->text, text, p.f_line, TEXT_BOLD, good ? C_OK : C_TEXT, p.status);
    draw_table(rd, s, c, p.table, p.f_line);
}
