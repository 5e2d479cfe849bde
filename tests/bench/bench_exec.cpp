// Runs one command and measures it the way the benchmarks need: wall time with a monotonic
// clock (nanoseconds, not the shell's 10 ms), and the peak resident memory of the command and
// of every child it waited for (wait4's rusage), which no shell builtin reports.
//
//   bench_exec [--stdin FILE] [--stdout FILE] [--stderr FILE] -- COMMAND [ARGS...]
//
// Prints one line on its own stdout: "<wall seconds> <peak RSS in KiB> <exit code> <CPU seconds>"
// (CPU: user + system of the command and its waited-for children; on a loaded machine it says
// how much of the wall time was the command's own work). The
// command's output goes to the files given (default /dev/null), so printing costs the same for
// every tool measured. Exit code: the command's own, 127 when it could not be started.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

extern char **environ;

namespace {

double now()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

int usage()
{
    std::fputs("usage: bench_exec [--stdin FILE] [--stdout FILE] [--stderr FILE] -- COMMAND [ARGS...]\n", stderr);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    std::string in = "/dev/null", out = "/dev/null", err = "/dev/null";
    int i = 1;
    for (; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--") {
            ++i;
            break;
        }
        if (i + 1 >= argc)
            return usage();
        if (a == "--stdin")
            in = argv[++i];
        else if (a == "--stdout")
            out = argv[++i];
        else if (a == "--stderr")
            err = argv[++i];
        else
            return usage();
    }
    if (i >= argc)
        return usage();

    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&files, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

    const double start = now();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[i], &files, nullptr, argv + i, environ);
    posix_spawn_file_actions_destroy(&files);
    if (spawned != 0) {
        std::fprintf(stderr, "bench_exec: cannot start %s: %s\n", argv[i], std::strerror(spawned));
        return 127;
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::perror("bench_exec: wait4");
            return 127;
        }
    }
    const double wall = now() - start;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const double cpu = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    std::printf("%.6f %ld %d %.6f\n", wall, usage.ru_maxrss, code, cpu);
    return code;
}
