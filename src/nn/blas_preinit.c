/* blas_preinit.c - under an address-space limit, keeps OpenBLAS from starting threads of its
 * own; linked into the programs (not the libraries: only a program's .preinit_array runs).
 *
 * The library runs the BLAS on one thread and shares out the work itself (gemm.c, threads.h).
 * But OpenBLAS starts a thread per core while it is loaded, before main, unless the
 * environment says OPENBLAS_NUM_THREADS=1, and each of its threads takes a 128 MiB buffer.
 * They never work here. Without a limit that costs only address space; under `ulimit -v` it
 * takes memory the program needs, and a thread that cannot get its buffer retries forever, so
 * the program never exits (OpenBLAS waits for its threads at exit).
 *
 * The variable cannot simply be set here: the C library's start-up, which runs after this,
 * resets the environment to the one the program was started with. So when a limit is set and
 * the variable is not, the program starts itself again with it, before any library has run
 * any code. If that fails, it goes on as it is.
 */
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define ENV_NAME "OPENBLAS_NUM_THREADS="
#define MAX_ENV 4096 /* environment entries: beyond this, go on as it is */

static void blas_one_thread(int argc, char **argv, char **envp)
{
    (void)argc;
    struct rlimit as;
    if (getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur == RLIM_INFINITY)
        return;
    size_t n = 0;
    while (envp[n]) {
        if (strncmp(envp[n], ENV_NAME, strlen(ENV_NAME)) == 0 || n == MAX_ENV)
            return; /* chosen already (by the user, or by the start below) */
        n++;
    }
    static char one[] = ENV_NAME "1";
    char *env[MAX_ENV + 2];
    memcpy(env, envp, n * sizeof *env);
    env[n] = one;
    env[n + 1] = NULL;
    execve("/proc/self/exe", argv, env);
}

__attribute__((section(".preinit_array"), used)) static void (*const preinit)(int, char **,
                                                                              char **) =
    blas_one_thread;
