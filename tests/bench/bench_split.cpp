// Statement splitting throughput on one PostgreSQL script: the engine's streaming splitter (what
// migctl runs: read from disk line by line, libpg_query's lexer underneath) against libpg_query's
// own splits, pg_query_split_with_scanner and pg_query_split_with_parser, which take the whole
// script as one string already in memory (their reading is not timed; ours is, from the page
// cache). Each is run RUNS times; the median of each is printed, with the statement counts, so
// that a splitter that drops or merges statements shows.
//
//   bench_split FILE [RUNS]      prints: "<splitter> <median seconds> <MB/s> <statements>" per line
#include "sql/ScriptSplitter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <pg_query.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

struct Measured {
    double seconds = 0;
    long statements = 0;
};

Measured median(int runs, const std::function<long()> &split)
{
    std::vector<double> times;
    long statements = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        statements = split();
        times.push_back(double(t.nsecsElapsed()) / 1e9);
    }
    std::sort(times.begin(), times.end());
    return Measured{times.at(times.size() / 2), statements};
}

long libpgQuerySplit(const QByteArray &text, bool parser)
{
    PgQuerySplitResult r = parser ? pg_query_split_with_parser(text.constData()) : pg_query_split_with_scanner(text.constData());
    const long n = r.error ? -1 : r.n_stmts;
    if (r.error)
        std::fprintf(stderr, "bench_split: libpg_query %s split failed: %s\n", parser ? "parser" : "scanner", r.error->message);
    pg_query_free_split_result(r);
    return n;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fputs("usage: bench_split FILE [RUNS]\n", stderr);
        return 2;
    }
    const QString path = QFileInfo(args.at(1)).absoluteFilePath();
    const int runs = args.size() > 2 ? std::max(1, args.at(2).toInt()) : 5;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_split: cannot read %s\n", qPrintable(path));
        return 1;
    }
    const QByteArray text = f.readAll();
    const double megabytes = double(text.size()) / 1e6;

    mig::ScriptRef script;
    script.path = path;
    bool failed = false;
    const Measured ours = median(runs, [&] {
        long n = 0;
        const mig::ScriptSplitResult r = mig::splitScript(script, mig::Dialect::Postgres, [&](mig::Statement &&) {
            ++n;
            return true;
        });
        if (r.error) {
            std::fprintf(stderr, "bench_split: migcore split failed at line %d: %s\n", r.error->line, qPrintable(r.error->message));
            failed = true;
        }
        return n;
    });
    const Measured scanner = median(runs, [&] { return libpgQuerySplit(text, false); });
    const Measured parser = median(runs, [&] { return libpgQuerySplit(text, true); });

    const auto print = [&](const char *name, const Measured &m) {
        std::printf("%s %.6f %.2f %ld\n", name, m.seconds, megabytes / m.seconds, m.statements);
    };
    print("migcore", ours);
    print("pg_query_split_with_scanner", scanner);
    print("pg_query_split_with_parser", parser);
    return failed || scanner.statements < 0 || parser.statements < 0 ? 1 : 0;
}
