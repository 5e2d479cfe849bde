// Rows of the PostgreSQL demo (migrations/postgres-demo): the marketing-planning platform of the
// production run of 7 February 2024 it is modelled on, as it stood that morning before the
// release. The figures of the run's spot check are fixed — 3 workspaces, 8 cohorts, 156 moves,
// 42 assets, 12 campaign labels (which migration 013 turns into 12 campaigns) — and so are the
// member counts; names, titles, times, statuses and who did what come from the seed. No wall
// clock: every time is counted back from the morning of the release.
#include "DemoRandom.h"
#include "DemoSeed.h"

#include <QDateTime>
#include <QSet>
#include <QUuid>

#include <algorithm>

namespace mig::demo {

namespace {

const QDateTime Release(QDate(2024, 2, 7), QTime(8, 0), Qt::UTC);

struct WorkspaceShape {
    QString slug, name, plan, domain;
    int members, cohorts, moves, assets;
};
const QList<WorkspaceShape> Workspaces = {
    {QStringLiteral("northwind-labs"), QStringLiteral("Northwind Labs"), QStringLiteral("scale"), QStringLiteral("northwind.example"), 9, 3, 60, 16},
    {QStringLiteral("bluepeak-analytics"), QStringLiteral("Bluepeak Analytics"), QStringLiteral("growth"), QStringLiteral("bluepeak.example"), 8, 3, 56, 15},
    {QStringLiteral("copperleaf-studio"), QStringLiteral("Copperleaf Studio"), QStringLiteral("starter"), QStringLiteral("copperleaf.example"), 7, 2, 40, 11},
};
constexpr int CampaignsPerWorkspace = 4;

const QList<QString> FirstNames = {
    QStringLiteral("Amira"), QStringLiteral("Ben"), QStringLiteral("Chloé"), QStringLiteral("Daniel"), QStringLiteral("Elif"),
    QStringLiteral("Felix"), QStringLiteral("Grace"), QStringLiteral("Hiroshi"), QStringLiteral("Ines"), QStringLiteral("Jonas"),
    QStringLiteral("Kavya"), QStringLiteral("Liam"), QStringLiteral("Maya"), QStringLiteral("Noah"), QStringLiteral("Olivia"),
    QStringLiteral("Pablo"), QStringLiteral("Qi"), QStringLiteral("Rosa"), QStringLiteral("Samuel"), QStringLiteral("Tara"),
};
const QList<QString> LastNames = {
    QStringLiteral("Okafor"), QStringLiteral("Fischer"), QStringLiteral("Dubois"), QStringLiteral("Nakamura"), QStringLiteral("Yilmaz"),
    QStringLiteral("Andersen"), QStringLiteral("Patel"), QStringLiteral("Moreau"), QStringLiteral("Kowalski"), QStringLiteral("García"),
    QStringLiteral("Lindqvist"), QStringLiteral("O'Brien"), QStringLiteral("Rossi"), QStringLiteral("Schmidt"), QStringLiteral("Costa"),
};
// Locale and time zone go together.
const QList<std::pair<QString, QString>> Locales = {
    {QStringLiteral("en-US"), QStringLiteral("America/New_York")}, {QStringLiteral("en-GB"), QStringLiteral("Europe/London")},
    {QStringLiteral("de-DE"), QStringLiteral("Europe/Berlin")}, {QStringLiteral("fr-FR"), QStringLiteral("Europe/Paris")},
    {QStringLiteral("es-ES"), QStringLiteral("Europe/Madrid")}, {QStringLiteral("pt-BR"), QStringLiteral("America/Sao_Paulo")},
};
const QList<QString> CohortNames = {
    QStringLiteral("Series A SaaS founders"), QStringLiteral("Mid-market RevOps leaders"), QStringLiteral("Enterprise security buyers"),
    QStringLiteral("Agency growth leads"), QStringLiteral("Fintech product managers"), QStringLiteral("E-commerce marketing directors"),
    QStringLiteral("Healthcare IT administrators"), QStringLiteral("Developer-tool early adopters"), QStringLiteral("Climate-tech operations heads"),
};
const QList<std::pair<QString, QList<QString>>> Traits = {
    {QStringLiteral("industry"), {QStringLiteral("SaaS"), QStringLiteral("Fintech"), QStringLiteral("E-commerce"), QStringLiteral("Healthcare"), QStringLiteral("Climate tech")}},
    {QStringLiteral("company_size"), {QStringLiteral("11-50"), QStringLiteral("51-200"), QStringLiteral("201-1000"), QStringLiteral("1000+")}},
    {QStringLiteral("region"), {QStringLiteral("North America"), QStringLiteral("DACH"), QStringLiteral("UK & Ireland"), QStringLiteral("Nordics"), QStringLiteral("LATAM")}},
};
const QList<QString> CampaignNames = {
    QStringLiteral("Q2 pipeline push"), QStringLiteral("Spring product launch"), QStringLiteral("RevOps in practice webinars"),
    QStringLiteral("Partner co-marketing"), QStringLiteral("Brand refresh"), QStringLiteral("Churn win-back"),
    QStringLiteral("Summer events tour"), QStringLiteral("Customer stories"), QStringLiteral("Year-end renewals"),
    QStringLiteral("Free-trial activation"), QStringLiteral("Developer community"), QStringLiteral("Analyst relations"),
    QStringLiteral("Category creation"), QStringLiteral("Expansion accounts"),
};
const QList<std::pair<QString, QList<QString>>> Channels = {
    {QStringLiteral("email"), {QStringLiteral("nurture sequence"), QStringLiteral("re-engagement email"), QStringLiteral("newsletter feature")}},
    {QStringLiteral("linkedin"), {QStringLiteral("LinkedIn outreach sequence"), QStringLiteral("thought-leadership post"), QStringLiteral("LinkedIn ad set")}},
    {QStringLiteral("webinar"), {QStringLiteral("customer webinar"), QStringLiteral("product demo webinar"), QStringLiteral("panel webinar")}},
    {QStringLiteral("paid_search"), {QStringLiteral("search ads on competitor terms"), QStringLiteral("brand search campaign")}},
    {QStringLiteral("content"), {QStringLiteral("comparison guide"), QStringLiteral("case study"), QStringLiteral("benchmark report"), QStringLiteral("blog series")}},
    {QStringLiteral("events"), {QStringLiteral("booth at a regional meetup"), QStringLiteral("roundtable dinner")}},
    {QStringLiteral("partner"), {QStringLiteral("co-marketing with an integration partner"), QStringLiteral("referral programme")}},
};
const QList<QString> Verbs = {
    QStringLiteral("Launch"), QStringLiteral("Draft"), QStringLiteral("Run"), QStringLiteral("Test"), QStringLiteral("Publish"),
    QStringLiteral("Refresh"), QStringLiteral("Plan"), QStringLiteral("Measure"),
};
const QList<QString> TaskTitles = {
    QStringLiteral("Write the brief"), QStringLiteral("Review copy"), QStringLiteral("Design visuals"), QStringLiteral("Set up tracking"),
    QStringLiteral("Get legal sign-off"), QStringLiteral("Schedule"), QStringLiteral("Report results"),
};
const QList<QString> CommentBodies = {
    QStringLiteral("Can we move this a week? Legal still has the claims."), QStringLiteral("Numbers from the first send look good: 41% open rate."),
    QStringLiteral("I added the customer quote to the deck."), QStringLiteral("Let's reuse the visuals from the spring launch."),
    QStringLiteral("Budget approved."), QStringLiteral("Tracking links are in the sheet."), QStringLiteral("This cohort responds better to case studies."),
    QStringLiteral("Blocked on the partner's logo files."), QStringLiteral("Done, see the asset library."), QStringLiteral("Pausing until the pricing page ships."),
    QStringLiteral("Great turnout, 86 registrations."), QStringLiteral("Can someone review the German copy?"),
};
struct AssetKind {
    QString kind, extension, label;
    qint64 minBytes, maxBytes;
};
const QList<AssetKind> AssetKinds = {
    {QStringLiteral("copy"), QStringLiteral("md"), QStringLiteral("Copy"), 2000, 40000},
    {QStringLiteral("image"), QStringLiteral("png"), QStringLiteral("Visual"), 80000, 3000000},
    {QStringLiteral("video"), QStringLiteral("mp4"), QStringLiteral("Video"), 5000000, 200000000},
    {QStringLiteral("deck"), QStringLiteral("pdf"), QStringLiteral("Deck"), 500000, 12000000},
    {QStringLiteral("landing_page"), QStringLiteral("html"), QStringLiteral("Landing page"), 10000, 200000},
};
const QList<QString> Providers = {
    QStringLiteral("hubspot"), QStringLiteral("salesforce"), QStringLiteral("linkedin"), QStringLiteral("google_ads"), QStringLiteral("slack"), QStringLiteral("notion"),
};
const QList<int> PlanPriceCents = {4900, 19900, 79900}; // starter, growth, scale per month

// A version-4 UUID made of the generator's bits, so ids are the same for the same seed.
QString uuid(DemoRandom &random)
{
    QByteArray bytes;
    for (int half = 0; half < 2; ++half) {
        const quint64 v = random.next();
        for (int i = 0; i < 8; ++i)
            bytes.append(char((v >> (8 * i)) & 0xff));
    }
    bytes[6] = char((bytes[6] & 0x0f) | 0x40);
    bytes[8] = char((bytes[8] & 0x3f) | 0x80);
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

// A moment of the working day `daysBefore` days before the release morning (08:00 UTC): between
// 17:00 the evening before and 07:00, so it is never after the release.
QDateTime before(DemoRandom &random, int daysBefore)
{
    return Release.addDays(-daysBefore).addSecs(-qint64(random.between(3600, 15 * 3600)));
}

// Things done after `start` are done by the release morning at the latest.
QDateTime doneBy(const QDateTime &start, qint64 seconds)
{
    return std::min(start.addSecs(seconds), Release.addSecs(-3600));
}

QString emailPart(const QString &name)
{
    QString s = name.normalized(QString::NormalizationForm_D);
    s.removeIf([](QChar c) { return !(c.isLetterOrNumber() && c.unicode() < 128); });
    return s.toLower();
}

template<typename T>
QList<T> shuffled(QList<T> items, DemoRandom &random)
{
    for (qsizetype i = items.size() - 1; i > 0; --i)
        items.swapItemsAt(i, random.below(int(i) + 1));
    return items;
}

SeedTable table(const QString &name, const QStringList &columns)
{
    return SeedTable{name, columns, {}};
}

// Who belongs where: row numbers into the users table, per workspace.
struct People {
    QStringList userIds;
    QList<QList<int>> members; // per workspace
};

} // namespace

QList<SeedTable> postgresDemoRows(quint64 seed)
{
    DemoRandom random(seed);
    SeedTable workspaces = table(QStringLiteral("workspaces"), {QStringLiteral("id"), QStringLiteral("slug"), QStringLiteral("name"), QStringLiteral("plan"), QStringLiteral("created_at"), QStringLiteral("updated_at")});
    SeedTable users = table(QStringLiteral("users"), {QStringLiteral("id"), QStringLiteral("email"), QStringLiteral("full_name"), QStringLiteral("locale"), QStringLiteral("created_at"), QStringLiteral("last_seen_at"), QStringLiteral("updated_at")});
    SeedTable members = table(QStringLiteral("workspace_members"), {QStringLiteral("workspace_id"), QStringLiteral("user_id"), QStringLiteral("role"), QStringLiteral("joined_at")});
    SeedTable preferences = table(QStringLiteral("user_preferences"), {QStringLiteral("user_id"), QStringLiteral("theme"), QStringLiteral("email_digest"), QStringLiteral("timezone")});
    SeedTable subscriptions = table(QStringLiteral("subscriptions"), {QStringLiteral("workspace_id"), QStringLiteral("plan"), QStringLiteral("seats"), QStringLiteral("renews_on")});
    SeedTable invoices = table(QStringLiteral("invoices"), {QStringLiteral("id"), QStringLiteral("workspace_id"), QStringLiteral("number"), QStringLiteral("amount_cents"), QStringLiteral("issued_on"), QStringLiteral("paid_at")});
    SeedTable integrations = table(QStringLiteral("integrations"), {QStringLiteral("id"), QStringLiteral("workspace_id"), QStringLiteral("provider"), QStringLiteral("status"), QStringLiteral("connected_at")});
    SeedTable cohorts = table(QStringLiteral("cohorts"), {QStringLiteral("id"), QStringLiteral("workspace_id"), QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("size_estimate"), QStringLiteral("created_by"), QStringLiteral("created_at"), QStringLiteral("updated_at")});
    SeedTable traits = table(QStringLiteral("cohort_traits"), {QStringLiteral("cohort_id"), QStringLiteral("trait"), QStringLiteral("value")});
    SeedTable moves = table(QStringLiteral("moves"), {QStringLiteral("id"), QStringLiteral("workspace_id"), QStringLiteral("cohort_id"), QStringLiteral("owner_id"), QStringLiteral("title"), QStringLiteral("channel"), QStringLiteral("status"), QStringLiteral("campaign_name"), QStringLiteral("due_on"), QStringLiteral("created_at"), QStringLiteral("updated_at")});
    SeedTable tasks = table(QStringLiteral("move_tasks"), {QStringLiteral("id"), QStringLiteral("move_id"), QStringLiteral("position"), QStringLiteral("title"), QStringLiteral("assignee_id"), QStringLiteral("done_at")});
    SeedTable assets = table(QStringLiteral("assets"), {QStringLiteral("id"), QStringLiteral("workspace_id"), QStringLiteral("move_id"), QStringLiteral("kind"), QStringLiteral("title"), QStringLiteral("storage_path"), QStringLiteral("size_bytes"), QStringLiteral("created_by"), QStringLiteral("created_at"), QStringLiteral("updated_at")});
    SeedTable comments = table(QStringLiteral("comments"), {QStringLiteral("id"), QStringLiteral("workspace_id"), QStringLiteral("move_id"), QStringLiteral("author_id"), QStringLiteral("body"), QStringLiteral("created_at")});
    SeedTable activity = table(QStringLiteral("activity_log"), {QStringLiteral("workspace_id"), QStringLiteral("user_id"), QStringLiteral("action"), QStringLiteral("entity"), QStringLiteral("entity_id"), QStringLiteral("at")});

    // People: each user has a home workspace; three of them also help out in another one.
    People people;
    QSet<QString> emails;
    for (int w = 0; w < Workspaces.size(); ++w) {
        people.members.append(QList<int>());
        for (int m = 0; m < Workspaces.at(w).members; ++m) {
            const QString first = random.pick(FirstNames);
            const QString last = random.pick(LastNames);
            QString email = QStringLiteral("%1.%2@%3").arg(emailPart(first), emailPart(last), Workspaces.at(w).domain);
            for (int n = 2; emails.contains(email); ++n)
                email = QStringLiteral("%1.%2%3@%4").arg(emailPart(first), emailPart(last)).arg(n).arg(Workspaces.at(w).domain);
            emails.insert(email);
            const QString id = uuid(random);
            const auto &[locale, timezone] = random.pick(Locales);
            const QDateTime created = before(random, random.between(120, 420));
            const QVariant seen = random.chance(90) ? QVariant(before(random, random.between(0, 12))) : QVariant();
            people.members[w].append(int(people.userIds.size()));
            people.userIds.append(id);
            users.rows.append({id, email, first + u' ' + last, locale, created, seen, created.addDays(random.between(0, 60))});
            preferences.rows.append({id, random.pick(QList<QString>{QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}),
                                     random.pick(QList<QString>{QStringLiteral("off"), QStringLiteral("daily"), QStringLiteral("weekly"), QStringLiteral("weekly")}),
                                     timezone});
        }
    }

    QStringList workspaceIds;
    for (int w = 0; w < Workspaces.size(); ++w) {
        const WorkspaceShape &shape = Workspaces.at(w);
        const QString id = uuid(random);
        workspaceIds << id;
        const QDateTime created = before(random, 430 + 20 * w);
        workspaces.rows.append({id, shape.slug, shape.name, shape.plan, created, created.addDays(random.between(30, 300))});
    }
    for (int w = 0; w < Workspaces.size(); ++w) {
        const QList<int> &home = people.members.at(w);
        for (int m = 0; m < home.size(); ++m) {
            const QString role = m == 0 ? QStringLiteral("owner") : m <= 2 ? QStringLiteral("admin") : random.chance(80) ? QStringLiteral("member") : QStringLiteral("viewer");
            members.rows.append({workspaceIds.at(w), people.userIds.at(home.at(m)), role, before(random, random.between(60, 400))});
        }
    }
    for (int w = 0; w < Workspaces.size(); ++w) {
        // A non-owner of the next workspace joins this one.
        const QList<int> &from = people.members.at((w + 1) % Workspaces.size());
        const int guest = from.at(random.between(1, int(from.size()) - 1));
        members.rows.append({workspaceIds.at(w), people.userIds.at(guest), random.chance(50) ? QStringLiteral("member") : QStringLiteral("viewer"),
                             before(random, random.between(20, 90))});
        people.members[w].append(guest);
    }

    // Billing and integrations.
    for (int w = 0; w < Workspaces.size(); ++w) {
        const WorkspaceShape &shape = Workspaces.at(w);
        const int planIndex = shape.plan == u"starter" ? 0 : shape.plan == u"growth" ? 1 : 2;
        const int seats = int(people.members.at(w).size()) + random.between(1, 5);
        subscriptions.rows.append({workspaceIds.at(w), shape.plan, seats, Release.date().addDays(random.between(20, 300))});
        const QString prefix = shape.slug.left(2).toUpper();
        for (int month = 0; month < 12; ++month) {
            const QDate issued = QDate(2023, 2, 1).addMonths(month);
            const bool paid = month < 11 || random.chance(70);
            invoices.rows.append({uuid(random), workspaceIds.at(w), QStringLiteral("%1-%2").arg(prefix, issued.toString(QStringLiteral("yyyy-MM"))),
                                  PlanPriceCents.at(planIndex) + random.between(0, 4) * 1500, issued,
                                  paid ? QVariant(QDateTime(issued.addDays(random.between(1, 20)), QTime(10, 0), Qt::UTC)) : QVariant()});
        }
        const QList<QString> providers = shuffled(Providers, random).mid(0, random.between(2, 3));
        for (const QString &p : providers) {
            integrations.rows.append({uuid(random), workspaceIds.at(w), p,
                                      random.chance(85) ? QStringLiteral("active") : random.pick(QList<QString>{QStringLiteral("paused"), QStringLiteral("error")}),
                                      before(random, random.between(30, 380))});
        }
    }

    // Cohorts, moves and what hangs off them, workspace by workspace.
    const QList<QString> cohortNames = shuffled(CohortNames, random);
    const QList<QString> campaignNames = shuffled(CampaignNames, random);
    int cohortNo = 0;
    for (int w = 0; w < Workspaces.size(); ++w) {
        const WorkspaceShape &shape = Workspaces.at(w);
        const QString ws = workspaceIds.at(w);
        const QList<int> &team = people.members.at(w);
        const auto someone = [&] { return people.userIds.at(random.pick(team)); };
        QStringList cohortIds, cohortLabels;
        for (int c = 0; c < shape.cohorts; ++c, ++cohortNo) {
            const QString id = uuid(random);
            const QString name = cohortNames.at(cohortNo);
            const QString creator = someone();
            const QDateTime created = before(random, random.between(200, 380));
            cohortIds << id;
            cohortLabels << name;
            cohorts.rows.append({id, ws, name, QStringLiteral("Who we mean by \"%1\" and what they need from us.").arg(name),
                                 random.between(8, 400) * 50, creator, created, created.addDays(random.between(0, 90))});
            for (const auto &[trait, values] : Traits)
                traits.rows.append({id, trait, random.pick(values)});
            activity.rows.append({ws, creator, QStringLiteral("cohort.created"), QStringLiteral("cohort"), id, created});
        }
        const QList<QString> campaigns = campaignNames.mid(w * CampaignsPerWorkspace, CampaignsPerWorkspace);
        QStringList moveIds;
        for (int m = 0; m < shape.moves; ++m) {
            const QString id = uuid(random);
            moveIds << id;
            const int cohort = random.chance(90) ? random.below(int(cohortIds.size())) : -1;
            const auto &[channel, objects] = random.pick(Channels);
            QString title = random.pick(Verbs) + u' ' + random.pick(objects);
            if (cohort >= 0)
                title += QStringLiteral(" for ") + cohortLabels.at(cohort);
            const QString owner = someone();
            const QDateTime created = before(random, random.between(12, 330));
            const QDate due = created.date().addDays(random.between(7, 75));
            const qint64 dueIn = Release.date().daysTo(due);
            QString status;
            if (dueIn < -7)
                status = random.chance(85) ? QStringLiteral("done") : QStringLiteral("dropped");
            else if (dueIn < 7)
                status = random.chance(70) ? QStringLiteral("active") : QStringLiteral("done");
            else
                status = random.chance(80) ? QStringLiteral("planned") : QStringLiteral("active");
            const QVariant campaign = random.chance(85) ? QVariant(random.pick(campaigns)) : QVariant();
            const QDateTime touched = doneBy(created, qint64(random.between(0, 40)) * 86400);
            moves.rows.append({id, ws, cohort >= 0 ? QVariant(cohortIds.at(cohort)) : QVariant(), owner, title, channel, status, campaign, due, created, touched});
            activity.rows.append({ws, owner, QStringLiteral("move.created"), QStringLiteral("move"), id, created});
            if (status != u"planned")
                activity.rows.append({ws, owner, QStringLiteral("move.status_changed"), QStringLiteral("move"), id, touched});

            const int taskCount = random.between(2, 4);
            for (int t = 0; t < taskCount; ++t) {
                const bool done = status == u"done" || (status == u"active" && random.chance(50));
                tasks.rows.append({uuid(random), id, t + 1, TaskTitles.at((t * 2 + random.below(2)) % TaskTitles.size()),
                                   random.chance(85) ? QVariant(someone()) : QVariant(),
                                   done ? QVariant(doneBy(created, qint64(random.between(1, 30)) * 86400)) : QVariant()});
            }
            const int commentCount = random.between(0, 3);
            for (int k = 0; k < commentCount; ++k) {
                const QString cid = uuid(random);
                const QString author = someone();
                const QDateTime at = doneBy(created, qint64(random.between(1, 30 * 24)) * 3600);
                comments.rows.append({cid, ws, id, author, random.pick(CommentBodies), at});
                activity.rows.append({ws, author, QStringLiteral("comment.added"), QStringLiteral("comment"), cid, at});
            }
        }
        for (int a = 0; a < shape.assets; ++a) {
            const QString id = uuid(random);
            const AssetKind &kind = random.pick(AssetKinds);
            const int move = random.chance(80) ? random.below(int(moveIds.size())) : -1;
            const QString creator = someone();
            const QDateTime created = before(random, random.between(3, 300));
            const QString title = move >= 0 ? QStringLiteral("%1: %2").arg(kind.label, moves.rows.at(moves.rows.size() - shape.moves + move).at(4).toString())
                                            : QStringLiteral("%1 for the brand library").arg(kind.label);
            assets.rows.append({id, ws, move >= 0 ? QVariant(moveIds.at(move)) : QVariant(), kind.kind, title,
                                QStringLiteral("%1/assets/%2.%3").arg(shape.slug, id, kind.extension),
                                kind.minBytes + qint64(random.next() % quint64(kind.maxBytes - kind.minBytes)), creator, created,
                                doneBy(created, qint64(random.between(0, 10)) * 86400)});
            activity.rows.append({ws, creator, QStringLiteral("asset.uploaded"), QStringLiteral("asset"), id, created});
        }
    }

    return {workspaces, users, members, preferences, subscriptions, invoices, integrations,
            cohorts, traits, moves, tasks, assets, comments, activity};
}

} // namespace mig::demo
