/* test_draw_settings.c - settings.json (settings.h): what is saved reads back the same, saving
 * is atomic and makes a missing folder, a bad or unreadable file is one line naming it and
 * leaves every default, sizes and values past the limits are refused, unknown keys are
 * ignored, and the settings go into the app and come back out of it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "draw/settings.h"
#include "draw_test.h"

static Settings sample(void)
{
    Settings st;
    settings_defaults(&st);
    st.theme = THEME_LIGHT;
    st.size_step = 2;
    st.brush = 3.5f;
    snprintf(st.model, sizeof st.model, "/home/ann/mod\xc3\xa8les/\"my\" net\\1.json");
    st.view = LAYOUT_VIEW_WEIGHTS;
    return st;
}

static int is_default(const Settings *st)
{
    Settings d;
    settings_defaults(&d);
    return settings_equal(st, &d);
}

TEST(the_defaults_are_dark_normal_size_the_default_brush_and_no_view)
{
    Settings st;
    settings_defaults(&st);
    CHECK(st.theme == THEME_DARK && st.size_step == 0 && st.brush == APP_BRUSH_DEFAULT);
    CHECK(st.model[0] == '\0' && st.view == LAYOUT_VIEW_NONE);
}

TEST(saved_settings_read_back_the_same_and_leave_no_temporary_file)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    const char *path = test_path_in(dir, SETTINGS_FILE);
    Settings st = sample(), got;
    SnError err = {0};
    CHECK(settings_save(path, &st, &err) == 0);
    CHECK(settings_load(path, &got, &err) == 0);
    CHECK(settings_equal(&st, &got));
    CHECK(strcmp(got.model, st.model) == 0);
    /* saved again over itself, changed: the new values, one file, no temporary left */
    st.theme = THEME_DARK;
    st.view = LAYOUT_VIEW_NONE;
    CHECK(settings_save(path, &st, &err) == 0);
    CHECK(settings_load(path, &got, &err) == 0 && settings_equal(&st, &got));
    CHECK(test_count_files(dir, NULL) == 1);
    CHECK(test_count_files(dir, ATOMIC_TMP_INFIX) == 0);
    /* the text is the documented format */
    char text[4096];
    CHECK(settings_format(&st, text, sizeof text) > 0);
    CHECK(strstr(text, "\"format\":\t\"scratchnet-settings\"") != NULL);
    CHECK(strstr(text, "\"theme\":\t\"dark\"") != NULL && strstr(text, "\"view\":\t\"none\""));
    CHECK(settings_format(&st, text, 20) == -1); /* too small a buffer: refused, not cut */
    test_remove_dir(dir);
}

TEST(every_view_of_the_area_is_kept_but_the_modes_that_need_a_drawing_or_a_round)
{
    /* the views a tab opens come back after a restart; the replay's chart (it needs a drawing
     * to replay) and challenge mode (it starts a round) do not */
    for (int v = LAYOUT_VIEW_NONE + 1; v < LAYOUT_VIEWS; v++) {
        Settings st = sample(), got;
        st.view = (LayoutView)v;
        char text[4096];
        CHECK(settings_format(&st, text, sizeof text) > 0);
        SnError err = {0};
        CHECK(settings_parse(text, "settings.json", &got, &err) == 0);
        int kept = v != LAYOUT_VIEW_REPLAY && v != LAYOUT_VIEW_CHALLENGE;
        if (kept)
            CHECK(got.view == (LayoutView)v);
        else
            CHECK(got.view == LAYOUT_VIEW_NONE && strstr(text, "\"view\":\t\"none\""));
    }
}

TEST(saving_makes_the_missing_config_folders)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    char path[512];
    snprintf(path, sizeof path, "%s/config/scratchnet/%s", dir, SETTINGS_FILE);
    Settings st = sample(), got;
    SnError err = {0};
    CHECK(settings_save(path, &st, &err) == 0);
    CHECK(settings_load(path, &got, &err) == 0 && settings_equal(&st, &got));
    unlink(path);
    rmdir(test_path_in(dir, "config/scratchnet"));
    rmdir(test_path_in(dir, "config"));
    test_remove_dir(dir);
}

TEST(a_save_that_cannot_be_made_names_the_file_and_replaces_nothing_but_a_file)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    const char *path = test_path_in(dir, SETTINGS_FILE);
    CHECK(mkdir(path, 0700) == 0); /* a folder where the file goes */
    Settings st = sample();
    SnError err = {0};
    CHECK(settings_save(path, &st, &err) == SN_E_NOTREG);
    CHECK(strstr(err.msg, path) != NULL);
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
    rmdir(path);
    /* a file where the folder goes */
    write_file(test_path_in(dir, "plain"), "x");
    char inside[512];
    snprintf(inside, sizeof inside, "%s/plain/%s", dir, SETTINGS_FILE);
    err.msg[0] = '\0';
    CHECK(settings_save(inside, &st, &err) < 0 && err.msg[0] != '\0');
    test_remove_dir(dir);
}

TEST(no_file_gives_the_defaults_and_nothing_to_say)
{
    Settings st = sample();
    SnError err = {0};
    CHECK(settings_load("/nonexistent/scratchnet/settings.json", &st, &err) == 1);
    CHECK(is_default(&st) && err.msg[0] == '\0');
}

/* bad_text TEXT: the file holding it is refused with one line naming it; the defaults stand. */
static void bad_text(const char *dir, const char *text, const char *expect)
{
    const char *path = test_path_in(dir, SETTINGS_FILE);
    write_file(path, text);
    Settings st = sample();
    SnError err = {0};
    int rc = settings_load(path, &st, &err);
    if (rc >= 0 || !is_default(&st) || !strstr(err.msg, path) || !strstr(err.msg, expect) ||
        strchr(err.msg, '\n')) {
        printf("  '%.60s': rc %d, message '%s'\n", text, rc, err.msg);
        CHECK(rc < 0 && is_default(&st));
    }
}

TEST(a_bad_file_is_one_line_naming_it_and_every_default_stands)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    bad_text(dir, "", "not JSON");
    bad_text(dir, "{\"theme\": \"light\"", "not JSON");
    bad_text(dir, "[1, 2]", "not a JSON object");
    bad_text(dir, "\"light\"", "not a JSON object");
    bad_text(dir, "{\"format\": \"scratchnet-model\"}", "\"format\"");
    bad_text(dir, "{\"version\": 2}", "\"version\"");
    bad_text(dir, "{\"theme\": \"blue\"}", "\"theme\"");
    bad_text(dir, "{\"theme\": 1}", "\"theme\"");
    bad_text(dir, "{\"size\": 4}", "\"size\"");
    bad_text(dir, "{\"size\": -1}", "\"size\"");
    bad_text(dir, "{\"size\": 1.5}", "\"size\"");
    bad_text(dir, "{\"size\": \"2\"}", "\"size\"");
    bad_text(dir, "{\"brush\": 100}", "\"brush\"");
    bad_text(dir, "{\"brush\": 0.1}", "\"brush\"");
    bad_text(dir, "{\"brush\": null}", "\"brush\"");
    bad_text(dir, "{\"model\": 5}", "\"model\"");
    bad_text(dir, "{\"view\": 2}", "\"view\"");
    bad_text(dir, "{\"theme\": \"light\", \"theme\": \"dark\"}", "given twice");
    /* a good value next to a bad one is not taken either: all or nothing */
    bad_text(dir, "{\"theme\": \"light\", \"size\": 9}", "\"size\"");
    test_remove_dir(dir);
}

TEST(files_past_the_limits_are_refused_unread)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    /* longer than SETTINGS_MAX_BYTES: white space is still too long */
    static char big[SETTINGS_MAX_BYTES + 100];
    memset(big, ' ', sizeof big - 1);
    big[0] = '{';
    big[sizeof big - 2] = '}';
    big[sizeof big - 1] = '\0';
    bad_text(dir, big, "more than");
    /* more values than a settings file has room for, under an unknown key */
    char many[4096] = "{\"x\": [";
    for (int i = 0; i < 300; i++)
        strcat(many, i ? ",1" : "1");
    strcat(many, "]}");
    bad_text(dir, many, "more than 256 values");
    /* a model path of 1024 bytes is one too many; 1023 fits */
    char text[1200];
    char name[1025];
    memset(name, 'a', 1024);
    name[0] = '/';
    name[1024] = '\0';
    snprintf(text, sizeof text, "{\"model\": \"%s\"}", name);
    bad_text(dir, text, "\"model\"");
    name[1023] = '\0';
    snprintf(text, sizeof text, "{\"model\": \"%s\"}", name);
    write_file(test_path_in(dir, SETTINGS_FILE), text);
    Settings st;
    SnError err = {0};
    CHECK(settings_load(test_path_in(dir, SETTINGS_FILE), &st, &err) == 0);
    CHECK(strlen(st.model) == 1023);
    /* a folder, and a FIFO, where the file should be: refused, named, never waited on */
    unlink(test_path_in(dir, SETTINGS_FILE));
    CHECK(mkfifo(test_path_in(dir, SETTINGS_FILE), 0600) == 0);
    CHECK(settings_load(test_path_in(dir, SETTINGS_FILE), &st, &err) == SN_E_NOTREG);
    CHECK(strstr(err.msg, SETTINGS_FILE) != NULL && is_default(&st));
    unlink(test_path_in(dir, SETTINGS_FILE));
    CHECK(mkdir(test_path_in(dir, SETTINGS_FILE), 0700) == 0);
    CHECK(settings_load(test_path_in(dir, SETTINGS_FILE), &st, &err) == SN_E_NOTREG);
    rmdir(test_path_in(dir, SETTINGS_FILE));
    test_remove_dir(dir);
}

TEST(unknown_keys_and_views_are_ignored_and_missing_keys_keep_their_defaults)
{
    Settings st;
    SnError err = {0};
    CHECK(settings_parse("{\"theme\": \"light\", \"future\": {\"a\": [1, 2, {\"b\": null}]},"
                         " \"view\": \"a-view-from-a-newer-app\"}",
                         "s.json", &st, &err) == 0);
    CHECK(st.theme == THEME_LIGHT && st.view == LAYOUT_VIEW_NONE);
    CHECK(st.size_step == 0 && st.brush == APP_BRUSH_DEFAULT);
    CHECK(settings_parse("{}", "s.json", &st, &err) == 0 && is_default(&st));
    CHECK(settings_parse("{\"size\": 3, \"brush\": 6, \"preprocess\": false, \"view\": "
                         "\"compare\"}",
                         "s.json", &st, &err) == 0);
    CHECK(st.size_step == 3 && st.brush == 6.0f); /* "preprocess" of an older file: ignored */
    CHECK(st.view == LAYOUT_VIEW_COMPARE);
}

TEST(settings_go_into_the_app_and_come_back_out)
{
    AppState s;
    app_init(&s);
    CHECK(app_add_model(&s, flat_model("a", 0.9f), "/m/a.json", NULL) == 0);
    CHECK(app_add_model(&s, flat_model("b", 0.8f), "/m/b.json", NULL) == 1);
    app_select_best(&s);
    CHECK(s.active == 0);
    Settings st;
    settings_defaults(&st);
    st.theme = THEME_LIGHT;
    st.size_step = 1;
    st.brush = 4.0f;
    snprintf(st.model, sizeof st.model, "/m/b.json");
    settings_apply(&s, &st);
    CHECK(s.theme == THEME_LIGHT && s.size_step == 1 && s.brush == 4.0f);
    CHECK(s.active == 1);
    Settings back;
    settings_from_app(&s, &back);
    CHECK(settings_equal(&st, &back));
    /* a model file that is gone: the active one stays, and nothing is said */
    s.message[0] = '\0';
    snprintf(st.model, sizeof st.model, "/nonexistent/gone.json");
    settings_apply(&s, &st);
    CHECK(s.active == 1 && s.message[0] == '\0' && s.n_models == 2);
    /* values out of range (set by hand, not read) are held to the range */
    st.size_step = 99;
    st.brush = 50.0f;
    settings_apply(&s, &st);
    CHECK(s.size_step == LAYOUT_SIZE_STEPS - 1 && s.brush == APP_BRUSH_MAX);
    app_free(&s);
}

/* The text of the file at path ("" when it cannot be read). */
static const char *file_text(const char *path)
{
    static char buf[8192];
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f) {
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    return buf;
}

TEST(a_change_is_saved_once_it_stayed_a_second_and_at_quit_at_once)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    const char *path = test_path_in(dir, SETTINGS_FILE);
    AppState s;
    app_init(&s);
    SettingsKeeper k;
    s.preprocess = 0; /* as a model that declares none sets it */
    settings_keeper_start(&k, &s, path, 0);
    CHECK(s.message[0] == '\0'); /* no file yet: nothing to say, and nothing changed */
    CHECK(s.preprocess == 0 && s.theme == THEME_DARK);
    CHECK(settings_keeper_tick(&k, &s, 10, 0, NULL) == 0 && access(path, F_OK) != 0);
    app_next_theme(&s);
    CHECK(settings_keeper_tick(&k, &s, 100, 0, NULL) == 100 + SETTINGS_SAVE_AFTER_MS);
    CHECK(settings_keeper_tick(&k, &s, 600, 0, NULL) == 100 + SETTINGS_SAVE_AFTER_MS);
    app_brush_step(&s, +2); /* another change: the second starts again */
    CHECK(settings_keeper_tick(&k, &s, 700, 0, NULL) == 700 + SETTINGS_SAVE_AFTER_MS);
    CHECK(access(path, F_OK) != 0); /* nothing written yet */
    CHECK(settings_keeper_tick(&k, &s, 1700, 0, NULL) == 0);
    Settings got;
    SnError err = {0};
    CHECK(settings_load(path, &got, &err) == 0);
    CHECK(got.theme == THEME_LIGHT && got.brush == APP_BRUSH_DEFAULT + 2 * APP_BRUSH_STEP);
    CHECK(settings_keeper_tick(&k, &s, 5000, 0, NULL) == 0); /* saved: nothing due */
    /* quitting saves a change at once */
    app_size_step(&s, +1);
    CHECK(settings_keeper_tick(&k, &s, 5001, 1, NULL) == 0);
    CHECK(settings_load(path, &got, &err) == 0 && got.size_step == 1);
    CHECK(test_count_files(dir, NULL) == 1);
    app_free(&s);
    /* the next start reads them back */
    app_init(&s);
    settings_keeper_start(&k, &s, path, 0);
    CHECK(s.theme == THEME_LIGHT && s.size_step == 1 && s.message[0] == '\0');
    app_free(&s);
    test_remove_dir(dir);
}

TEST(a_bad_file_is_said_once_and_left_alone_until_a_setting_changes)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    const char *path = test_path_in(dir, SETTINGS_FILE);
    write_file(path, "{\"theme\": \"purple\"}");
    AppState s;
    app_init(&s);
    SettingsKeeper k;
    settings_keeper_start(&k, &s, path, 0);
    CHECK(s.message_error && strstr(s.message, path) && strstr(s.message, "\"theme\""));
    CHECK(s.theme == THEME_DARK);
    CHECK(settings_keeper_tick(&k, &s, 5000, 1, NULL) == 0); /* even at quit */
    CHECK(strcmp(file_text(path), "{\"theme\": \"purple\"}") == 0);
    app_set_theme(&s, THEME_LIGHT);
    CHECK(settings_keeper_tick(&k, &s, 6000, 1, NULL) == 0);
    Settings got;
    SnError err = {0};
    CHECK(settings_load(path, &got, &err) == 0 && got.theme == THEME_LIGHT);
    app_free(&s);
    test_remove_dir(dir);
}

TEST(a_save_that_fails_is_said_once_and_quitting_reports_it)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    write_file(test_path_in(dir, "plain"), "x");
    char path[512];
    snprintf(path, sizeof path, "%s/plain/%s", dir, SETTINGS_FILE); /* under a file */
    AppState s;
    app_init(&s);
    SettingsKeeper k;
    settings_keeper_start(&k, &s, path, 0);
    app_next_theme(&s);
    CHECK(settings_keeper_tick(&k, &s, 10, 0, NULL) > 0);
    CHECK(settings_keeper_tick(&k, &s, 2000, 0, NULL) == 0);
    CHECK(s.message_error && strstr(s.message, "not saved") != NULL);
    s.message[0] = '\0';
    CHECK(settings_keeper_tick(&k, &s, 4000, 0, NULL) == 0 && s.message[0] == '\0'); /* once */
    SnError err = {0};
    CHECK(settings_keeper_tick(&k, &s, 5000, 1, &err) < 0 && strstr(err.msg, "plain") != NULL);
    app_free(&s);
    /* no path (--no-settings): nothing read, nothing written, nothing ever due */
    app_init(&s);
    settings_keeper_start(&k, &s, NULL, 0);
    app_next_theme(&s);
    CHECK(settings_keeper_tick(&k, &s, 10, 0, NULL) == 0);
    CHECK(settings_keeper_tick(&k, &s, 5000, 1, NULL) == 0);
    app_free(&s);
    test_remove_dir(dir);
}

int main(void)
{
    RUN(the_defaults_are_dark_normal_size_the_default_brush_and_no_view);
    RUN(saved_settings_read_back_the_same_and_leave_no_temporary_file);
    RUN(every_view_of_the_area_is_kept_but_the_modes_that_need_a_drawing_or_a_round);
    RUN(saving_makes_the_missing_config_folders);
    RUN(a_save_that_cannot_be_made_names_the_file_and_replaces_nothing_but_a_file);
    RUN(no_file_gives_the_defaults_and_nothing_to_say);
    RUN(a_bad_file_is_one_line_naming_it_and_every_default_stands);
    RUN(files_past_the_limits_are_refused_unread);
    RUN(unknown_keys_and_views_are_ignored_and_missing_keys_keep_their_defaults);
    RUN(settings_go_into_the_app_and_come_back_out);
    RUN(a_change_is_saved_once_it_stayed_a_second_and_at_quit_at_once);
    RUN(a_bad_file_is_said_once_and_left_alone_until_a_setting_changes);
    RUN(a_save_that_fails_is_said_once_and_quitting_reports_it);
    return test_main_result();
}
