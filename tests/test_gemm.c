/* test_gemm.c - the CBLAS matrix product against the naive triple loop, on odd shapes and every
 * transpose combination, and against a product worked out by hand; products shared between
 * threads, also in a child process forked after the threads started. */
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>

#include "nn/gemm.h"
#include "nn/rng.h"
#include "test.h"

/* the kernels run on a pool of nn_threads() (several parts at once), made by main */
static NnPool *pool;

TEST(gemm_matches_a_product_worked_by_hand)
{
    /* [1 2 3; 4 5 6] . [7 8; 9 10; 11 12] = [58 64; 139 154] */
    const float A[] = {1, 2, 3, 4, 5, 6}, B[] = {7, 8, 9, 10, 11, 12};
    float C[4] = {1, 1, 1, 1};
    nn_gemm(pool, false, false, 2, 2, 3, 1.0f, A, 3, B, 2, 0.0f, C, 2);
    CHECK(C[0] == 58 && C[1] == 64 && C[2] == 139 && C[3] == 154);
    float D[4] = {1, 1, 1, 1};
    nn_gemm_naive(false, false, 2, 2, 3, 2.0f, A, 3, B, 2, 1.0f, D, 2); /* 2 AB + D */
    CHECK(D[0] == 117 && D[1] == 129 && D[2] == 279 && D[3] == 309);
}

TEST(fast_gemm_matches_naive_on_odd_shapes_and_transposes)
{
    NnRng rng;
    nn_rng_seed(&rng, 42);
    const int shapes[][3] = {{1, 1, 1}, {3, 5, 7}, {17, 1, 33}, {64, 10, 784}, {129, 65, 31}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
        for (int ta = 0; ta < 2; ta++) {
            for (int tb = 0; tb < 2; tb++) {
                float *A = malloc(sizeof(float) * M * K), *B = malloc(sizeof(float) * K * N);
                float *C1 = malloc(sizeof(float) * M * N), *C2 = malloc(sizeof(float) * M * N);
                for (int i = 0; i < M * K; i++)
                    A[i] = nn_rng_normal(&rng);
                for (int i = 0; i < K * N; i++)
                    B[i] = nn_rng_normal(&rng);
                for (int i = 0; i < M * N; i++)
                    C1[i] = C2[i] = nn_rng_normal(&rng);
                int lda = ta ? M : K, ldb = tb ? K : N;
                nn_gemm(pool, ta, tb, M, N, K, 0.5f, A, lda, B, ldb, 0.25f, C1, N);
                nn_gemm_naive(ta, tb, M, N, K, 0.5f, A, lda, B, ldb, 0.25f, C2, N);
                double worst = 0.0;
                for (int i = 0; i < M * N; i++) {
                    double d = fabs((double)C1[i] - (double)C2[i]) / (1.0 + fabs((double)C2[i]));
                    worst = d > worst ? d : worst;
                }
                CHECK(worst < 1e-4);
                free(A), free(B), free(C1), free(C2);
            }
        }
    }
}

TEST(beta_zero_ignores_garbage_in_the_output)
{
    const float A[] = {2}, B[] = {3};
    float C[1] = {NAN};
    nn_gemm_naive(false, false, 1, 1, 1, 1.0f, A, 1, B, 1, 0.0f, C, 1);
    CHECK(C[0] == 6.0f);
}

/* C = A B for square n x n A, B; 1 if the result matches the naive loop. */
static int big_product_is_right(int n)
{
    float *A = malloc(sizeof(float) * n * n), *B = malloc(sizeof(float) * n * n);
    float *C1 = calloc((size_t)n * n, sizeof(float)), *C2 = calloc((size_t)n * n, sizeof(float));
    int right = A && B && C1 && C2;
    NnRng rng;
    nn_rng_seed(&rng, 7);
    for (int i = 0; right && i < n * n; i++)
        A[i] = nn_rng_normal(&rng), B[i] = nn_rng_normal(&rng);
    if (right) {
        nn_gemm(pool, false, false, n, n, n, 1.0f, A, n, B, n, 0.0f, C1, n);
        nn_gemm_naive(false, false, n, n, n, 1.0f, A, n, B, n, 0.0f, C2, n);
    }
    for (int i = 0; right && i < n * n; i++)
        right = fabs((double)C1[i] - (double)C2[i]) <= 1e-3 * (1.0 + fabs((double)C2[i]));
    free(A), free(B), free(C1), free(C2);
    return right;
}

TEST(a_forked_child_shares_products_between_threads_too)
{
    SnError err = {0};
    CHECK(nn_gemm_prepare(&err) == 0);
    CHECK(nn_gemm_threads(pool) == 2); /* main sets SCRATCHNET_THREADS=2 */
    CHECK(big_product_is_right(256)); /* large enough to be shared: the pool starts */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(20); /* a pool waiting for a thread the child does not have would hang */
        _exit(big_product_is_right(256) && nn_gemm_prepare(NULL) == 0 &&
                      big_product_is_right(256)
                  ? 0
                  : 1);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (WIFSIGNALED(status))
        printf("  the child was killed by signal %d\n", WTERMSIG(status));
}

int main(void)
{
    setenv("SCRATCHNET_THREADS", "2", 1);
    pool = nn_pool_new(0, NULL);
    if (!pool)
        return 1;
    RUN(gemm_matches_a_product_worked_by_hand);
    RUN(fast_gemm_matches_naive_on_odd_shapes_and_transposes);
    RUN(beta_zero_ignores_garbage_in_the_output);
    RUN(a_forked_child_shares_products_between_threads_too);
    nn_pool_free(pool);
    return test_main_result();
}
