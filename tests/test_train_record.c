/* test_train_record.c - the record a checkpoint of `train` carries (src/cli/train_record.c):
 * every field comes back as it was written, at the offsets train_record.h documents (the
 * resume test of test_cli_resume.sh edits the file there), with nothing of the memory image
 * of the structure in between. */
#include <stdlib.h>
#include <string.h>

#include "cli/train_record.h"
#include "test.h"

static void fill(TrainRecord *rec, float *best, size_t n)
{
    memset(rec, 0, sizeof *rec);
    snprintf(rec->settings, sizeof rec->settings, "layers 784,10:softmax; seed 3");
    rec->best_score = 0.75f, rec->best_train = 0.5f, rec->best_val = 0.25f;
    rec->best_epoch = 2, rec->epochs_done = 3;
    rec->seconds = 12.5, rec->epoch_seconds = 1.25;
    rec->n_history = 3;
    for (int i = 0; i < 3; i++)
        rec->history[i] = (PlotEpoch){i + 1, 1.0f / (float)(i + 1), 0.5f, 0.4f, 0.3f, 0.1f, 2.0f};
    for (size_t i = 0; i < n; i++)
        best[i] = (float)i - 2.5f;
}

TEST(a_record_comes_back_field_by_field)
{
    enum { N = 5 };
    TrainRecord *rec = malloc(sizeof *rec), *back = malloc(sizeof *back);
    float best[N], best_back[N];
    size_t len = train_record_size(N);
    unsigned char *bytes = malloc(len);
    CHECK(rec && back && bytes);
    if (!rec || !back || !bytes) {
        free(rec), free(back), free(bytes);
        return;
    }
    CHECK(len == 29064 + N * 4);
    fill(rec, best, N);
    memset(bytes, 0xAB, len);
    train_record_write(rec, best, N, bytes);
    memset(back, 0xCD, sizeof *back);
    train_record_read(back, best_back, N, bytes);
    CHECK(strcmp(back->settings, rec->settings) == 0);
    CHECK(back->best_score == 0.75f && back->best_train == 0.5f && back->best_val == 0.25f);
    CHECK(back->best_epoch == 2 && back->epochs_done == 3);
    CHECK(back->seconds == 12.5 && back->epoch_seconds == 1.25 && back->n_history == 3);
    CHECK(memcmp(back->history, rec->history, 3 * sizeof *rec->history) == 0);
    CHECK(back->history[3].epoch == 0); /* the rows not in use are zero */
    CHECK(memcmp(best_back, best, sizeof best) == 0);
    /* the documented offsets: the settings text NUL-padded, then the fields */
    int32_t i32;
    double f64;
    float f32;
    CHECK(memcmp(bytes, rec->settings, strlen(rec->settings)) == 0);
    int padded = 1;
    for (size_t i = strlen(rec->settings); i < TRAIN_SETTINGS_LEN; i++)
        padded &= bytes[i] == 0;
    CHECK(padded);
    memcpy(&f32, bytes + 1024, 4);
    CHECK(f32 == 0.75f);
    memcpy(&f32, bytes + 1032, 4);
    CHECK(f32 == 0.25f);
    memcpy(&i32, bytes + 1036, 4);
    CHECK(i32 == 2);
    memcpy(&i32, bytes + 1040, 4);
    CHECK(i32 == 3);
    memcpy(&f64, bytes + 1044, 8);
    CHECK(f64 == 12.5);
    memcpy(&f64, bytes + 1052, 8);
    CHECK(f64 == 1.25);
    memcpy(&i32, bytes + 1060, 4);
    CHECK(i32 == 3);
    memcpy(&i32, bytes + 1064 + 28, 4);
    CHECK(i32 == 2); /* the second row's epoch */
    memcpy(&f32, bytes + 1064 + 28 + 4, 4);
    CHECK(f32 == 0.5f); /* and its training loss */
    memcpy(&f32, bytes + 29064 + 4, 4);
    CHECK(f32 == -1.5f); /* the second weight */
    free(rec), free(back), free(bytes);
}

TEST(settings_without_their_end_come_back_as_text)
{
    TrainRecord *rec = calloc(1, sizeof *rec);
    float best[1] = {0.0f};
    size_t len = train_record_size(1);
    unsigned char *bytes = malloc(len);
    CHECK(rec && bytes);
    if (rec && bytes) {
        train_record_write(rec, best, 1, bytes);
        memset(bytes, 'x', TRAIN_SETTINGS_LEN); /* a damaged file: no NUL in the text */
        train_record_read(rec, best, 1, bytes);
        CHECK(strlen(rec->settings) == TRAIN_SETTINGS_LEN - 1);
    }
    free(rec), free(bytes);
}

int main(void)
{
    RUN(a_record_comes_back_field_by_field);
    RUN(settings_without_their_end_come_back_as_text);
    return test_main_result();
}
