//! Schema migrations: an ordered list of steps, each applied once in its own transaction and
//! recorded in `schema_migrations`. The same statements run on SQLite and PostgreSQL (built with
//! sea-query, so each backend gets its own dialect).

use sea_orm::sea_query::{ColumnDef, Expr, Index, Table, TableCreateStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, TransactionTrait};

/// A migration: a version number, a name, and the statements that build it.
struct Migration {
    version: i64,
    name: &'static str,
    steps: fn(DbBackend) -> Vec<Statement>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "tenancy, sessions, audit log",
        steps: m0001_foundation,
    },
    Migration {
        version: 2,
        name: "assessment results and issues to improve",
        steps: m0002_assessment,
    },
    Migration {
        version: 3,
        name: "measures and their lines",
        steps: m0003_measures,
    },
    Migration {
        version: 4,
        name: "status and owner unit of measure lines",
        steps: m0004_line_status,
    },
    Migration {
        version: 5,
        name: "report rounds, sign-off, progress entries, import drafts",
        steps: m0005_report_rounds,
    },
    Migration {
        version: 6,
        name: "documents, OIT disclosures and their evidence, document search",
        steps: m0006_disclosures,
    },
    Migration {
        version: 7,
        name: "measures linked to framework codes and issues, evidence files of progress, reminders sent",
        steps: m0007_measure_links,
    },
    Migration {
        version: 8,
        name: "e-Service: services, requests and their events, daily statistics, days-to-complete histogram",
        steps: m0008_eservice,
    },
    Migration {
        version: 9,
        name: "complaints: cases, messages and files, identity release approvals",
        steps: m0009_complaints,
    },
    Migration {
        version: 10,
        name: "satisfaction surveys: definitions and responses",
        steps: m0010_surveys,
    },
    Migration {
        version: 11,
        name: "participation: topics open for comment, comments, summaries",
        steps: m0011_participation,
    },
    Migration {
        version: 12,
        name: "contact channels of agencies (Facebook, LINE, map)",
        steps: m0012_contact_channels,
    },
    Migration {
        version: 13,
        name: "procurement: plans and their revisions, records, bidders",
        steps: m0013_procurement,
    },
    Migration {
        version: 14,
        name: "procurement: the coordinator's text of the annual report",
        steps: m0014_procurement_report,
    },
    Migration {
        version: 15,
        name: "ITAS submission: the coordinator's explanations and the assessment window",
        steps: m0015_submission,
    },
    Migration {
        version: 16,
        name: "earlier versions of replaced OIT evidence",
        steps: m0016_evidence_versions,
    },
    Migration {
        version: 17,
        name: "sign-off of produced documents: versions, submission, acknowledgement",
        steps: m0017_signoff,
    },
    Migration {
        version: 18,
        name: "measures of several programmes (ITA, risk mitigation, anti-corruption plan); the risk register",
        steps: m0018_plans_and_risks,
    },
    Migration {
        version: 19,
        name: "announcements: the draft of each kind and fiscal year",
        steps: m0019_announcements,
    },
    Migration {
        version: 20,
        name: "integrity registers: activities (No Gift culture, ethics, executives' participation) and gifts received",
        steps: m0020_integrity,
    },
    Migration {
        version: 21,
        name: "HR: workforce plan figures, appointments, training records, the HR report's text",
        steps: m0021_hr,
    },
    Migration {
        version: 22,
        name: "anti-corruption action plan: projects and their spending and results per report",
        steps: m0022_anticorruption,
    },
];

fn id(name: &str) -> ColumnDef {
    let mut c = ColumnDef::new(sea_orm::sea_query::Alias::new(name));
    c.big_integer().not_null().auto_increment().primary_key();
    c
}
fn col(name: &str) -> ColumnDef {
    ColumnDef::new(sea_orm::sea_query::Alias::new(name))
}
fn tbl(name: &str) -> sea_orm::sea_query::Alias {
    sea_orm::sea_query::Alias::new(name)
}
fn build(b: DbBackend, t: &TableCreateStatement) -> Statement {
    b.build(t)
}

fn m0001_foundation(b: DbBackend) -> Vec<Statement> {
    let mut out = Vec::new();
    out.push(build(
        b,
        Table::create()
            .table(tbl("agency"))
            .col(id("id"))
            .col(col("slug").string_len(40).not_null().unique_key())
            .col(col("name_th").string_len(300).not_null())
            .col(col("name_en").string_len(300).null())
            .col(col("kind").string_len(20).not_null())
            .col(col("province").string_len(100).not_null())
            .col(col("district").string_len(100).null())
            .col(col("address").text().null())
            .col(col("phone").string_len(100).null())
            .col(col("email").string_len(200).null())
            .col(col("website").string_len(500).null())
            .col(
                col("require_totp_admins")
                    .boolean()
                    .not_null()
                    .default(false),
            )
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null()),
    ));
    out.push(build(
        b,
        Table::create()
            .table(tbl("unit"))
            .col(id("id"))
            .col(col("agency_id").big_integer().not_null())
            .col(col("name_th").string_len(300).not_null())
            .col(col("name_en").string_len(300).null())
            .col(col("sort_order").integer().not_null().default(0))
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(
                sea_orm::sea_query::ForeignKey::create()
                    .from(tbl("unit"), tbl("agency_id"))
                    .to(tbl("agency"), tbl("id")),
            ),
    ));
    out.push(
        b.build(
            Index::create()
                .name("unit_agency_name")
                .table(tbl("unit"))
                .col(tbl("agency_id"))
                .col(tbl("name_th"))
                .unique(),
        ),
    );
    out.push(build(
        b,
        Table::create()
            .table(tbl("app_user"))
            .col(id("id"))
            .col(col("agency_id").big_integer().null())
            .col(col("unit_id").big_integer().null())
            .col(col("username").string_len(64).not_null().unique_key())
            .col(col("display_name").string_len(200).not_null())
            .col(col("position").string_len(200).null())
            .col(col("role").string_len(20).not_null())
            .col(col("password_hash").string_len(200).not_null())
            .col(col("totp_secret").string_len(64).null())
            .col(col("totp_enabled").boolean().not_null().default(false))
            .col(col("active").boolean().not_null().default(true))
            .col(col("failed_logins").integer().not_null().default(0))
            .col(col("locked_until").timestamp_with_time_zone().null())
            .col(col("last_login_at").timestamp_with_time_zone().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(
                sea_orm::sea_query::ForeignKey::create()
                    .from(tbl("app_user"), tbl("agency_id"))
                    .to(tbl("agency"), tbl("id")),
            )
            .foreign_key(
                sea_orm::sea_query::ForeignKey::create()
                    .from(tbl("app_user"), tbl("unit_id"))
                    .to(tbl("unit"), tbl("id")),
            ),
    ));
    out.push(
        b.build(
            Index::create()
                .name("app_user_agency")
                .table(tbl("app_user"))
                .col(tbl("agency_id")),
        ),
    );
    out.push(build(
        b,
        Table::create()
            .table(tbl("session"))
            .col(col("id").string_len(64).not_null().primary_key())
            .col(col("user_id").big_integer().not_null())
            .col(col("csrf_token").string_len(64).not_null())
            .col(col("totp_pending").boolean().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("last_seen_at").timestamp_with_time_zone().not_null())
            .col(col("expires_at").timestamp_with_time_zone().not_null())
            .foreign_key(
                sea_orm::sea_query::ForeignKey::create()
                    .from(tbl("session"), tbl("user_id"))
                    .to(tbl("app_user"), tbl("id"))
                    .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade),
            ),
    ));
    out.push(
        b.build(
            Index::create()
                .name("session_user")
                .table(tbl("session"))
                .col(tbl("user_id")),
        ),
    );
    out.push(build(
        b,
        Table::create()
            .table(tbl("audit_log"))
            .col(id("id"))
            .col(col("chain_id").big_integer().not_null())
            .col(col("seq").big_integer().not_null())
            .col(col("at").timestamp_with_time_zone().not_null())
            .col(col("agency_id").big_integer().null())
            .col(col("actor_user_id").big_integer().null())
            .col(col("actor_label").string_len(100).not_null())
            .col(col("entity").string_len(50).not_null())
            .col(col("entity_id").string_len(100).null())
            .col(col("action").string_len(50).not_null())
            .col(col("before").text().null())
            .col(col("after").text().null())
            .col(col("prev_hash").string_len(64).not_null())
            .col(col("hash").string_len(64).not_null()),
    ));
    out.push(
        b.build(
            Index::create()
                .name("audit_log_chain_seq")
                .table(tbl("audit_log"))
                .col(tbl("chain_id"))
                .col(tbl("seq"))
                .unique(),
        ),
    );
    out.push(build(
        b,
        Table::create()
            .table(tbl("audit_head"))
            .col(col("chain_id").big_integer().not_null().primary_key())
            .col(col("last_seq").big_integer().not_null())
            .col(col("last_hash").string_len(64).not_null()),
    ));
    // The system chain (id 0) exists from the start.
    out.push(Statement::from_string(
        b,
        format!(
            "INSERT INTO audit_head (chain_id, last_seq, last_hash) VALUES (0, 0, '{}')",
            prongsai_domain::audit::GENESIS_HASH
        ),
    ));
    out
}

fn m0002_assessment(b: DbBackend) -> Vec<Statement> {
    vec![
        build(
            b,
            Table::create()
                .table(tbl("assessment"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("target").double().null())
                .col(col("source").string_len(20).not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("assessment"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("assessment_agency_year")
                .table(tbl("assessment"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .unique(),
        ),
        build(
            b,
            Table::create()
                .table(tbl("assessment_score"))
                .col(id("id"))
                .col(col("assessment_id").big_integer().not_null())
                .col(col("kind").string_len(20).not_null())
                .col(col("code").string_len(20).not_null())
                .col(col("score").double().null())
                .col(col("answer").boolean().null())
                .col(col("remark").text().null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("assessment_score"), tbl("assessment_id"))
                        .to(tbl("assessment"), tbl("id"))
                        .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("assessment_score_code")
                .table(tbl("assessment_score"))
                .col(tbl("assessment_id"))
                .col(tbl("kind"))
                .col(tbl("code"))
                .unique(),
        ),
        build(
            b,
            Table::create()
                .table(tbl("improvement_issue"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("kind").string_len(20).not_null())
                .col(col("codes").text().not_null())
                .col(col("title_th").text().not_null())
                .col(col("note").text().null())
                .col(col("next_codes").text().not_null())
                .col(col("sort_order").integer().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("improvement_issue"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("improvement_issue_agency_year")
                .table(tbl("improvement_issue"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year")),
        ),
    ]
}

fn m0003_measures(b: DbBackend) -> Vec<Statement> {
    vec![
        build(
            b,
            Table::create()
                .table(tbl("measure"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("sort_order").integer().not_null())
                .col(col("source").string_len(20).not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("measure"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("measure_agency_year")
                .table(tbl("measure"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year")),
        ),
        build(
            b,
            Table::create()
                .table(tbl("measure_line"))
                .col(id("id"))
                .col(col("measure_id").big_integer().not_null())
                .col(col("column_kind").string_len(20).not_null())
                .col(col("sort_order").integer().not_null())
                .col(col("label").string_len(20).null())
                .col(col("number").integer().null())
                .col(col("text").text().not_null())
                .col(col("paragraph").boolean().not_null())
                .col(col("due_start").date().null())
                .col(col("due_end").date().null())
                .col(col("deadline").boolean().not_null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("measure_line"), tbl("measure_id"))
                        .to(tbl("measure"), tbl("id"))
                        .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("measure_line_measure")
                .table(tbl("measure_line"))
                .col(tbl("measure_id")),
        ),
        build(
            b,
            Table::create()
                .table(tbl("measure_document"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("title").text().not_null())
                .col(col("intro").text().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("measure_document"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("measure_document_agency_year")
                .table(tbl("measure_document"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .unique(),
        ),
    ]
}

fn m0004_line_status(b: DbBackend) -> Vec<Statement> {
    // one column per statement: SQLite alters one thing at a time
    let add = |c: ColumnDef| {
        let mut c = c;
        b.build(Table::alter().table(tbl("measure_line")).add_column(&mut c))
    };
    vec![
        add(col("status")
            .string_len(20)
            .not_null()
            .default("not_started")
            .to_owned()),
        add(col("status_note").text().null().to_owned()),
        add(col("done_on").date().null().to_owned()),
        add(col("owner_unit_id").big_integer().null().to_owned()),
    ]
}

fn m0005_report_rounds(b: DbBackend) -> Vec<Statement> {
    let add = |c: ColumnDef| {
        let mut c = c;
        b.build(Table::alter().table(tbl("measure_line")).add_column(&mut c))
    };
    vec![
        build(
            b,
            Table::create()
                .table(tbl("report_round"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                // half | year
                .col(col("period").string_len(10).not_null())
                .col(col("version").integer().not_null())
                // draft | submitted | acknowledged
                .col(col("state").string_len(20).not_null())
                .col(col("title").text().not_null())
                .col(col("intro").text().not_null())
                // the report as submitted (JSON MeasuresDocument); what the executive signs
                .col(col("snapshot").text().null())
                .col(col("submitted_by").big_integer().null())
                .col(col("submitted_at").timestamp_with_time_zone().null())
                .col(col("acknowledged_by").big_integer().null())
                .col(col("acknowledged_at").timestamp_with_time_zone().null())
                .col(col("acknowledge_note").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("report_round"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("report_round_key")
                .table(tbl("report_round"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("period"))
                .col(tbl("version"))
                .unique(),
        ),
        // progress entries are lines of the "progress" column that belong to a round
        add(col("round_id").big_integer().null().to_owned()),
        add(col("step_line_id").big_integer().null().to_owned()),
        add(col("link").text().null().to_owned()),
        add(col("created_by").big_integer().null().to_owned()),
        b.build(
            Index::create()
                .name("measure_line_round")
                .table(tbl("measure_line"))
                .col(tbl("round_id")),
        ),
        // an uploaded file as understood, kept between its preview and the "save" click
        build(
            b,
            Table::create()
                .table(tbl("import_draft"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("user_id").big_integer().not_null())
                .col(col("kind").string_len(40).not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("payload").text().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("import_draft"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id"))
                        .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade),
                ),
        ),
        // progress imported before rounds existed becomes the draft six-month round of its year
        Statement::from_string(
            b,
            "INSERT INTO report_round (agency_id, fiscal_year, period, version, state, title, intro, created_at) \
             SELECT d.agency_id, d.fiscal_year, 'half', 1, 'draft', d.title, d.intro, d.updated_at \
             FROM measure_document d WHERE EXISTS (SELECT 1 FROM measure m \
             JOIN measure_line l ON l.measure_id = m.id WHERE m.agency_id = d.agency_id \
             AND m.fiscal_year = d.fiscal_year AND l.column_kind = 'progress')",
        ),
        Statement::from_string(
            b,
            "UPDATE measure_line SET round_id = (SELECT r.id FROM report_round r \
             JOIN measure m ON m.agency_id = r.agency_id AND m.fiscal_year = r.fiscal_year \
             WHERE m.id = measure_line.measure_id) WHERE column_kind = 'progress'",
        ),
    ]
}

fn m0006_disclosures(b: DbBackend) -> Vec<Statement> {
    let fk_agency = |t: &str| {
        sea_orm::sea_query::ForeignKey::create()
            .from(tbl(t), tbl("agency_id"))
            .to(tbl("agency"), tbl("id"))
            .to_owned()
    };
    let mut out = vec![
        // an uploaded file: the bytes live once in the blob store under their SHA-256
        build(
            b,
            Table::create()
                .table(tbl("document"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("sha256").string_len(64).not_null())
                .col(col("file_name").string_len(200).not_null())
                // pdf | docx | xlsx | png | jpg | gif | webp (the usual extension)
                .col(col("kind").string_len(10).not_null())
                .col(col("size").big_integer().not_null())
                .col(col("title").text().not_null())
                .col(col("unit_id").big_integer().null())
                .col(col("fiscal_year").integer().null())
                // month:1..12 | quarter:1..4 | half:1..2 | year (of fiscal_year)
                .col(col("period").string_len(20).null())
                .col(col("published_on").date().null())
                .col(col("public").boolean().not_null().default(true))
                // extracted text, for search
                .col(col("body").text().null())
                .col(col("created_by").big_integer().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk_agency("document")),
        ),
        b.build(
            Index::create()
                .name("document_sha")
                .table(tbl("document"))
                .col(tbl("agency_id"))
                .col(tbl("sha256"))
                .unique(),
        ),
        // the agency's answer to one O-item of one year: who is responsible, the explanation
        build(
            b,
            Table::create()
                .table(tbl("disclosure"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("item_code").string_len(20).not_null())
                .col(col("unit_id").big_integer().null())
                .col(col("explanation").text().null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk_agency("disclosure")),
        ),
        b.build(
            Index::create()
                .name("disclosure_key")
                .table(tbl("disclosure"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("item_code"))
                .unique(),
        ),
        // one piece of evidence of a disclosure: a document, an external link, or a page of
        // Prongsai itself; `auto_key` marks what a module attached by itself (one per key)
        build(
            b,
            Table::create()
                .table(tbl("disclosure_evidence"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("disclosure_id").big_integer().not_null())
                .col(col("sort_order").integer().not_null())
                // document | link | page
                .col(col("kind").string_len(10).not_null())
                .col(col("document_id").big_integer().null())
                .col(col("url").text().null())
                .col(col("label").text().not_null())
                .col(col("data_year").integer().null())
                .col(col("period").string_len(20).null())
                .col(col("published_on").date().null())
                .col(col("auto_key").string_len(100).null())
                // null (not checked) | ok | dead
                .col(col("link_status").string_len(10).null())
                .col(col("link_note").text().null())
                .col(col("link_checked_at").timestamp_with_time_zone().null())
                .col(col("created_by").big_integer().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk_agency("disclosure_evidence"))
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("disclosure_evidence"), tbl("disclosure_id"))
                        .to(tbl("disclosure"), tbl("id"))
                        .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    sea_orm::sea_query::ForeignKey::create()
                        .from(tbl("disclosure_evidence"), tbl("document_id"))
                        .to(tbl("document"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("disclosure_evidence_of")
                .table(tbl("disclosure_evidence"))
                .col(tbl("disclosure_id")),
        ),
        b.build(
            Index::create()
                .name("disclosure_evidence_auto")
                .table(tbl("disclosure_evidence"))
                .col(tbl("disclosure_id"))
                .col(tbl("auto_key"))
                .unique(),
        ),
    ];
    // search inside documents: Thai has no spaces, so trigrams
    match b {
        DbBackend::Postgres => {
            out.push(Statement::from_string(
                b,
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            ));
            out.push(Statement::from_string(
                b,
                "CREATE INDEX document_search ON document USING gin \
                 ((coalesce(title, '') || ' ' || coalesce(body, '')) gin_trgm_ops)",
            ));
        }
        _ => {
            out.push(Statement::from_string(
                b,
                "CREATE VIRTUAL TABLE document_fts USING fts5(title, body, \
                 content='document', content_rowid='id', tokenize='trigram')",
            ));
            for (name, sql) in [
                (
                    "document_fts_insert",
                    "AFTER INSERT ON document BEGIN INSERT INTO document_fts(rowid, title, body) \
                     VALUES (new.id, new.title, coalesce(new.body, '')); END",
                ),
                (
                    "document_fts_delete",
                    "AFTER DELETE ON document BEGIN INSERT INTO document_fts(document_fts, rowid, \
                     title, body) VALUES ('delete', old.id, old.title, coalesce(old.body, '')); END",
                ),
                (
                    "document_fts_update",
                    "AFTER UPDATE ON document BEGIN INSERT INTO document_fts(document_fts, rowid, \
                     title, body) VALUES ('delete', old.id, old.title, coalesce(old.body, '')); \
                     INSERT INTO document_fts(rowid, title, body) VALUES (new.id, new.title, \
                     coalesce(new.body, '')); END",
                ),
            ] {
                out.push(Statement::from_string(
                    b,
                    format!("CREATE TRIGGER {name} {sql}"),
                ));
            }
        }
    }
    out
}

fn m0007_measure_links(b: DbBackend) -> Vec<Statement> {
    let add = |t: &str, c: ColumnDef| {
        let mut c = c;
        b.build(Table::alter().table(tbl(t)).add_column(&mut c))
    };
    vec![
        // the framework elements a measure answers ("O42 O43 I12"), and the issue of the
        // analysis it comes from
        add(
            "measure",
            col("codes").text().not_null().default("").to_owned(),
        ),
        add("measure", col("issue_id").big_integer().null().to_owned()),
        // a progress entry's evidence file (a document of the library)
        add(
            "measure_line",
            col("evidence_document_id").big_integer().null().to_owned(),
        ),
        // a reminder goes out once per user, line, channel, kind and due date
        build(
            b,
            Table::create()
                .table(tbl("reminder_sent"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("user_id").big_integer().not_null())
                .col(col("line_id").big_integer().not_null())
                .col(col("channel").string_len(20).not_null())
                // soon | late: one reminder before the due date, one after it has passed
                .col(col("kind").string_len(10).not_null())
                .col(col("due_on").date().not_null())
                .col(col("sent_at").timestamp_with_time_zone().not_null()),
        ),
        b.build(
            Index::create()
                .name("reminder_sent_once")
                .table(tbl("reminder_sent"))
                .col(tbl("user_id"))
                .col(tbl("line_id"))
                .col(tbl("channel"))
                .col(tbl("kind"))
                .col(tbl("due_on"))
                .unique(),
        ),
    ]
}

fn m0008_eservice(b: DbBackend) -> Vec<Statement> {
    let fk = |from: &str, column: &str, to: &str| {
        sea_orm::sea_query::ForeignKey::create()
            .from(tbl(from), tbl(column))
            .to(tbl(to), tbl("id"))
            .to_owned()
    };
    let count = |name: &str| col(name).big_integer().not_null().default(0).to_owned();
    vec![
        // a service of the agency's catalogue; its form (fields, required documents) is a
        // domain::eservice::FormDef as JSON
        build(
            b,
            Table::create()
                .table(tbl("service"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("name_th").string_len(300).not_null())
                .col(col("name_en").string_len(300).null())
                .col(col("description_th").text().not_null())
                // the responsible unit (กอง/งาน)
                .col(col("unit_id").big_integer().null())
                // working days from receipt to the due date (domain::eservice::due_date)
                .col(col("target_days").integer().not_null())
                .col(col("form").text().not_null())
                .col(col("active").boolean().not_null().default(true))
                .col(col("sort_order").integer().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("service", "agency_id", "agency"))
                .foreign_key(&mut fk("service", "unit_id", "unit")),
        ),
        b.build(
            Index::create()
                .name("service_agency")
                .table(tbl("service"))
                .col(tbl("agency_id"))
                .col(tbl("sort_order")),
        ),
        // a citizen's request; the tracking code itself is never stored, only its SHA-256
        build(
            b,
            Table::create()
                .table(tbl("service_request"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("service_id").big_integer().not_null())
                // the service's unit when the request was received (who handles it)
                .col(col("unit_id").big_integer().null())
                // online | counter
                .col(col("channel").string_len(10).not_null())
                // received | in_progress | waiting_citizen | done | rejected
                .col(col("state").string_len(20).not_null())
                .col(col("tracking_hash").string_len(64).not_null())
                // domain::eservice::Answers as JSON
                .col(col("answers").text().not_null())
                .col(col("contact_phone").string_len(20).null())
                .col(col("contact_email").string_len(300).null())
                // the PDPA consent text as it was shown to the citizen
                .col(col("consent_text").text().not_null())
                .col(col("received_on").date().not_null())
                .col(col("due_on").date().not_null())
                .col(col("closed_on").date().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("service_request", "agency_id", "agency"))
                .foreign_key(&mut fk("service_request", "service_id", "service")),
        ),
        b.build(
            Index::create()
                .name("service_request_tracking")
                .table(tbl("service_request"))
                .col(tbl("tracking_hash"))
                .unique(),
        ),
        b.build(
            Index::create()
                .name("service_request_received")
                .table(tbl("service_request"))
                .col(tbl("agency_id"))
                .col(tbl("received_on")),
        ),
        // the open requests of a period (the statistics' count of those past their due date;
        // with the state first, a generic plan of PostgreSQL cannot prefer the range of all
        // requests received in the period), and lists by state, newest first
        b.build(
            Index::create()
                .name("service_request_state_received")
                .table(tbl("service_request"))
                .col(tbl("agency_id"))
                .col(tbl("state"))
                .col(tbl("received_on")),
        ),
        // open requests past their due date, most overdue first: the worklist of late ones
        b.build(
            Index::create()
                .name("service_request_state_due")
                .table(tbl("service_request"))
                .col(tbl("agency_id"))
                .col(tbl("state"))
                .col(tbl("due_on")),
        ),
        // the history of a request: its receipt, then every change of state with the note
        build(
            b,
            Table::create()
                .table(tbl("service_request_event"))
                .col(id("id"))
                .col(col("request_id").big_integer().not_null())
                .col(col("agency_id").big_integer().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                // null for the receipt
                .col(col("from_state").string_len(20).null())
                .col(col("to_state").string_len(20).not_null())
                .col(col("note").text().null())
                // shown to the citizen on the tracking page
                .col(col("public").boolean().not_null())
                .col(col("user_id").big_integer().null())
                .foreign_key(
                    &mut fk("service_request_event", "request_id", "service_request")
                        .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade)
                        .to_owned(),
                ),
        ),
        b.build(
            Index::create()
                .name("service_request_event_request")
                .table(tbl("service_request_event"))
                .col(tbl("request_id")),
        ),
        // statistics kept up to date by every submission, change of state and counter entry:
        // the requests received on one day by one service through one channel, and what has
        // become of them (the cohort counts of domain::eservice::StatRow)
        build(
            b,
            Table::create()
                .table(tbl("service_daily"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("service_id").big_integer().not_null())
                .col(col("received_on").date().not_null())
                .col(col("channel").string_len(10).not_null())
                .col(count("received"))
                .col(count("done"))
                .col(count("rejected"))
                // closed (done or rejected) after the due date
                .col(count("closed_late"))
                // calendar days from receipt to completion of the done ones
                .col(count("days_sum"))
                .col(count("days_count"))
                .foreign_key(&mut fk("service_daily", "agency_id", "agency"))
                .foreign_key(&mut fk("service_daily", "service_id", "service")),
        ),
        // agency and day first: the statistics read a range of days of one agency
        b.build(
            Index::create()
                .name("service_daily_key")
                .table(tbl("service_daily"))
                .col(tbl("agency_id"))
                .col(tbl("received_on"))
                .col(tbl("service_id"))
                .col(tbl("channel"))
                .unique(),
        ),
        // how many done requests took how many days, by the month they were received: medians
        // without reading the requests
        build(
            b,
            Table::create()
                .table(tbl("service_days_hist"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("service_id").big_integer().not_null())
                // the first day of the month of receipt
                .col(col("month_start").date().not_null())
                .col(col("channel").string_len(10).not_null())
                .col(col("days").integer().not_null())
                .col(count("requests"))
                .foreign_key(&mut fk("service_days_hist", "agency_id", "agency"))
                .foreign_key(&mut fk("service_days_hist", "service_id", "service")),
        ),
        b.build(
            Index::create()
                .name("service_days_hist_key")
                .table(tbl("service_days_hist"))
                .col(tbl("agency_id"))
                .col(tbl("month_start"))
                .col(tbl("service_id"))
                .col(tbl("channel"))
                .col(tbl("days"))
                .unique(),
        ),
    ]
}

fn m0009_complaints(b: DbBackend) -> Vec<Statement> {
    let fk = |from: &str, column: &str, to: &str| {
        sea_orm::sea_query::ForeignKey::create()
            .from(tbl(from), tbl(column))
            .to(tbl(to), tbl("id"))
            .to_owned()
    };
    let cascade = |from: &str, column: &str, to: &str| {
        fk(from, column, to)
            .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade)
            .to_owned()
    };
    vec![
        // a case of the complaints register (domain::complaints). Deliberately no IP, no user
        // agent, no session and no time of day: an anonymous report keeps only the day it
        // came in. The receipt code is kept as its SHA-256 only.
        build(
            b,
            Table::create()
                .table(tbl("complaint"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                // corruption | complaint | suggestion
                .col(col("kind").string_len(20).not_null())
                // online | phone | letter | in_person | referred | other
                .col(col("channel").string_len(20).not_null())
                // received | in_progress | closed
                .col(col("state").string_len(20).not_null())
                // set when closed: substantiated | unsubstantiated | resolved | noted |
                // referred | ended
                .col(col("outcome").string_len(20).null())
                .col(col("subject").string_len(300).not_null())
                .col(col("details").text().not_null())
                // the reporter gave no contact details
                .col(col("anonymous").boolean().not_null())
                .col(col("receipt_hash").string_len(64).not_null())
                // the unit it is assigned to
                .col(col("unit_id").big_integer().null())
                .col(col("received_on").date().not_null())
                .col(col("ack_due").date().not_null())
                .col(col("close_due").date().not_null())
                .col(col("acknowledged_on").date().null())
                .col(col("closed_on").date().null())
                // the staff member who recorded a case received by phone, letter, in person
                .col(col("recorded_by").big_integer().null())
                .foreign_key(&mut fk("complaint", "agency_id", "agency"))
                .foreign_key(&mut fk("complaint", "unit_id", "unit")),
        ),
        b.build(
            Index::create()
                .name("complaint_receipt")
                .table(tbl("complaint"))
                .col(tbl("receipt_hash"))
                .unique(),
        ),
        b.build(
            Index::create()
                .name("complaint_received")
                .table(tbl("complaint"))
                .col(tbl("agency_id"))
                .col(tbl("received_on")),
        ),
        // the contact details of a reporter who gave them: shown to a designated handler only
        // after a second designated person approved (complaint_release)
        build(
            b,
            Table::create()
                .table(tbl("complaint_contact"))
                .col(col("complaint_id").big_integer().not_null().primary_key())
                .col(col("agency_id").big_integer().not_null())
                .col(col("name").string_len(300).not_null())
                .col(col("phone").string_len(20).null())
                .col(col("email").string_len(300).null())
                .col(col("address").text().null())
                // the PDPA consent text as it was shown
                .col(col("consent_text").text().not_null())
                .foreign_key(&mut cascade(
                    "complaint_contact",
                    "complaint_id",
                    "complaint",
                )),
        ),
        // the thread of a case: the reporter's messages (day only), the handlers' replies
        // (shown to the reporter), internal notes, and changes of state
        build(
            b,
            Table::create()
                .table(tbl("complaint_message"))
                .col(id("id"))
                .col(col("complaint_id").big_integer().not_null())
                .col(col("agency_id").big_integer().not_null())
                // report | reporter | reply | note | state
                .col(col("kind").string_len(20).not_null())
                .col(col("author_user_id").big_integer().null())
                .col(col("body").text().not_null())
                .col(col("day").date().not_null())
                // the instant of staff entries; null for the reporter's
                .col(col("at").timestamp_with_time_zone().null())
                .col(col("to_state").string_len(20).null())
                .col(col("outcome").string_len(20).null())
                .foreign_key(&mut cascade(
                    "complaint_message",
                    "complaint_id",
                    "complaint",
                )),
        ),
        b.build(
            Index::create()
                .name("complaint_message_case")
                .table(tbl("complaint_message"))
                .col(tbl("complaint_id")),
        ),
        // files of a message, in the blob store by SHA-256
        build(
            b,
            Table::create()
                .table(tbl("complaint_file"))
                .col(id("id"))
                .col(col("complaint_id").big_integer().not_null())
                .col(col("message_id").big_integer().not_null())
                .col(col("agency_id").big_integer().not_null())
                .col(col("sha256").string_len(64).not_null())
                .col(col("file_name").string_len(300).not_null())
                .col(col("kind").string_len(10).not_null())
                .col(col("size").big_integer().not_null())
                .foreign_key(&mut cascade("complaint_file", "complaint_id", "complaint"))
                .foreign_key(&mut cascade(
                    "complaint_file",
                    "message_id",
                    "complaint_message",
                )),
        ),
        b.build(
            Index::create()
                .name("complaint_file_case")
                .table(tbl("complaint_file"))
                .col(tbl("complaint_id")),
        ),
        // the agency's designated complaint handlers, and who of them may approve the
        // release of a reporter's contact details
        build(
            b,
            Table::create()
                .table(tbl("complaint_handler"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("user_id").big_integer().not_null())
                .col(col("may_approve").boolean().not_null())
                .foreign_key(&mut fk("complaint_handler", "agency_id", "agency"))
                .foreign_key(&mut cascade("complaint_handler", "user_id", "app_user")),
        ),
        b.build(
            Index::create()
                .name("complaint_handler_user")
                .table(tbl("complaint_handler"))
                .col(tbl("agency_id"))
                .col(tbl("user_id"))
                .unique(),
        ),
        // a handler's request to see a reporter's contact details, and a second person's
        // decision
        build(
            b,
            Table::create()
                .table(tbl("complaint_release"))
                .col(id("id"))
                .col(col("complaint_id").big_integer().not_null())
                .col(col("agency_id").big_integer().not_null())
                .col(col("requested_by").big_integer().not_null())
                .col(col("reason").text().not_null())
                .col(col("requested_at").timestamp_with_time_zone().not_null())
                .col(col("decided_by").big_integer().null())
                .col(col("decided_at").timestamp_with_time_zone().null())
                // null while pending
                .col(col("approved").boolean().null())
                .foreign_key(&mut cascade(
                    "complaint_release",
                    "complaint_id",
                    "complaint",
                )),
        ),
        b.build(
            Index::create()
                .name("complaint_release_case")
                .table(tbl("complaint_release"))
                .col(tbl("complaint_id")),
        ),
    ]
}

fn m0010_surveys(b: DbBackend) -> Vec<Statement> {
    let fk = |from: &str, column: &str, to: &str| {
        sea_orm::sea_query::ForeignKey::create()
            .from(tbl(from), tbl(column))
            .to(tbl(to), tbl("id"))
            .to_owned()
    };
    let count = |name: &str| col(name).big_integer().not_null().default(0).to_owned();
    vec![
        // every version of a survey definition (domain::survey::SurveyDef as JSON): the
        // agency-wide one (service_key 0) and a service's own (service_key = its id); a
        // response points at the version it answered, so editing never rewrites the past
        build(
            b,
            Table::create()
                .table(tbl("survey_def"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("service_id").big_integer().null())
                // 0 for the agency-wide survey, else the service's id (unique with NULLs is
                // not portable)
                .col(col("service_key").big_integer().not_null())
                .col(col("version").integer().not_null())
                .col(col("def").text().not_null())
                .col(col("created_by").big_integer().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("survey_def", "agency_id", "agency"))
                .foreign_key(&mut fk("survey_def", "service_id", "service")),
        ),
        b.build(
            Index::create()
                .name("survey_def_key")
                .table(tbl("survey_def"))
                .col(tbl("agency_id"))
                .col(tbl("service_key"))
                .col(tbl("version"))
                .unique(),
        ),
        // one respondent's answers (domain::survey::SurveyResponse as JSON); `year` is the
        // BE fiscal year of answered_on; a rating of an e-Service request is unique
        build(
            b,
            Table::create()
                .table(tbl("survey_response"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("year").integer().not_null())
                .col(col("service_id").big_integer().null())
                .col(col("request_id").big_integer().null())
                .col(col("def_id").big_integer().not_null())
                .col(col("answered_on").date().not_null())
                .col(col("answers").text().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("survey_response", "agency_id", "agency"))
                .foreign_key(&mut fk("survey_response", "service_id", "service"))
                .foreign_key(&mut fk("survey_response", "request_id", "service_request"))
                .foreign_key(&mut fk("survey_response", "def_id", "survey_def")),
        ),
        // one rating per request (NULLs, the public link's responses, do not collide)
        b.build(
            Index::create()
                .name("survey_response_request")
                .table(tbl("survey_response"))
                .col(tbl("request_id"))
                .unique(),
        ),
        b.build(
            Index::create()
                .name("survey_response_year")
                .table(tbl("survey_response"))
                .col(tbl("agency_id"))
                .col(tbl("year"))
                .col(tbl("answered_on")),
        ),
        // the open-text answers, for the report's list without reading every response
        build(
            b,
            Table::create()
                .table(tbl("survey_text"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("year").integer().not_null())
                .col(col("response_id").big_integer().not_null())
                .col(col("service_id").big_integer().null())
                .col(col("question_key").string_len(32).not_null())
                .col(col("answered_on").date().not_null())
                .col(col("text").text().not_null())
                .foreign_key(
                    &mut fk("survey_text", "response_id", "survey_response")
                        .on_delete(sea_orm::sea_query::ForeignKeyAction::Cascade)
                        .to_owned(),
                ),
        ),
        b.build(
            Index::create()
                .name("survey_text_year")
                .table(tbl("survey_text"))
                .col(tbl("agency_id"))
                .col(tbl("year"))
                .col(tbl("id")),
        ),
        // counts kept by every response, per fiscal year, service (0: none) and question
        // (`*`: respondents): the yearly report reads these rows, never the responses
        build(
            b,
            Table::create()
                .table(tbl("survey_count"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("year").integer().not_null())
                .col(col("service_key").big_integer().not_null())
                .col(col("question_key").string_len(32).not_null())
                .col(count("responses"))
                .col(count("r1"))
                .col(count("r2"))
                .col(count("r3"))
                .col(count("r4"))
                .col(count("r5"))
                .foreign_key(&mut fk("survey_count", "agency_id", "agency")),
        ),
        b.build(
            Index::create()
                .name("survey_count_key")
                .table(tbl("survey_count"))
                .col(tbl("agency_id"))
                .col(tbl("year"))
                .col(tbl("service_key"))
                .col(tbl("question_key"))
                .unique(),
        ),
    ]
}

fn m0011_participation(b: DbBackend) -> Vec<Statement> {
    let fk = |from: &str, column: &str, to: &str| {
        sea_orm::sea_query::ForeignKey::create()
            .from(tbl(from), tbl(column))
            .to(tbl(to), tbl("id"))
            .to_owned()
    };
    vec![
        // a plan, project or draft ordinance opened for citizens' comments
        // (domain::participation::TopicDraft); its state comes from the dates, `opened` and
        // `closed_on` (domain::participation::TopicState::of)
        build(
            b,
            Table::create()
                .table(tbl("participation_topic"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("title").string_len(300).not_null())
                // plan | project | ordinance | other
                .col(col("kind").string_len(20).not_null())
                .col(col("description").text().not_null())
                .col(col("opens_on").date().not_null())
                .col(col("closes_on").date().not_null())
                // the BE fiscal year of opens_on: the year whose OIT item it answers
                .col(col("fiscal_year").integer().not_null())
                // a document of the agency's library (the plan or draft itself)
                .col(col("document_id").big_integer().null())
                // published by staff (a draft until then)
                .col(col("opened").boolean().not_null().default(false))
                // closed early by staff on this day
                .col(col("closed_on").date().null())
                // สรุปผลและการนำความคิดเห็นไปใช้, written by staff
                .col(col("response").text().null())
                .col(col("response_at").timestamp_with_time_zone().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("participation_topic", "agency_id", "agency"))
                .foreign_key(&mut fk("participation_topic", "document_id", "document")),
        ),
        b.build(
            Index::create()
                .name("participation_topic_year")
                .table(tbl("participation_topic"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year")),
        ),
        // a citizen's comment; contact details are for staff only and never in the audit log
        build(
            b,
            Table::create()
                .table(tbl("participation_comment"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("topic_id").big_integer().not_null())
                .col(col("body").text().not_null())
                .col(col("author_name").string_len(100).null())
                .col(col("contact_phone").string_len(20).null())
                .col(col("contact_email").string_len(300).null())
                // the PDPA notice as shown, when contact details were given
                .col(col("consent_text").text().null())
                // pending | published | rejected
                .col(col("state").string_len(10).not_null())
                .col(col("reason").text().null())
                .col(col("received_on").date().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("moderated_at").timestamp_with_time_zone().null())
                .col(col("moderated_by").big_integer().null())
                .foreign_key(&mut fk("participation_comment", "agency_id", "agency"))
                .foreign_key(&mut fk(
                    "participation_comment",
                    "topic_id",
                    "participation_topic",
                )),
        ),
        // a topic's comments by state (the moderation queue, the public list, the counts)
        b.build(
            Index::create()
                .name("participation_comment_topic")
                .table(tbl("participation_comment"))
                .col(tbl("agency_id"))
                .col(tbl("topic_id"))
                .col(tbl("state")),
        ),
    ]
}

fn m0012_contact_channels(b: DbBackend) -> Vec<Statement> {
    // one column per statement: SQLite adds one column at a time
    ["facebook", "line", "map", "office_hours"]
        .into_iter()
        .map(|c| {
            b.build(
                Table::alter()
                    .table(tbl("agency"))
                    .add_column(col(c).string_len(300).null()),
            )
        })
        .collect()
}

fn m0013_procurement(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::{ForeignKey, ForeignKeyAction};
    let fk = |from: &str, column: &str, to: &str| {
        ForeignKey::create()
            .from(tbl(from), tbl(column))
            .to(tbl(to), tbl("id"))
            .to_owned()
    };
    // amounts are satang (1/100 baht) in BIGINT: never floating point
    let money = |name: &str| col(name).big_integer().not_null().to_owned();
    let money_null = |name: &str| col(name).big_integer().null().to_owned();
    vec![
        // one revision of the annual procurement plan (แผนการจัดซื้อจัดจ้าง) of a fiscal year;
        // revision 1 is the first plan, each later one starts as a copy of the one before
        build(
            b,
            Table::create()
                .table(tbl("procurement_plan"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("revision").integer().not_null())
                .col(col("approved_on").date().null())
                .col(col("note").text().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("procurement_plan", "agency_id", "agency")),
        ),
        b.build(
            Index::create()
                .name("procurement_plan_key")
                .table(tbl("procurement_plan"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("revision"))
                .unique(),
        ),
        build(
            b,
            Table::create()
                .table(tbl("procurement_plan_item"))
                .col(id("id"))
                .col(col("plan_id").big_integer().not_null())
                .col(col("agency_id").big_integer().not_null())
                .col(col("position").integer().not_null())
                .col(col("project").string_len(500).not_null())
                .col(money("budget"))
                .col(col("source_of_funds").string_len(300).not_null())
                // domain::procurement::Method::code()
                .col(col("method").string_len(20).not_null())
                // the first day of the expected month
                .col(col("expected_month").date().not_null())
                .foreign_key(
                    &mut fk("procurement_plan_item", "plan_id", "procurement_plan")
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                ),
        ),
        b.build(
            Index::create()
                .name("procurement_plan_item_plan")
                .table(tbl("procurement_plan_item"))
                .col(tbl("plan_id"))
                .col(tbl("position")),
        ),
        // one purchase or hire (domain::procurement::Record)
        build(
            b,
            Table::create()
                .table(tbl("procurement"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("project").string_len(500).not_null())
                .col(money("budget"))
                .col(money_null("reference_price"))
                .col(col("method").string_len(20).not_null())
                // the selected bidder's name, one of its procurement_bidder rows
                .col(col("winner").string_len(300).null())
                .col(money_null("award_price"))
                .col(col("reason").text().not_null())
                .col(col("contract_no").string_len(100).null())
                .col(col("contract_date").date().null())
                // digits only (domain::procurement::parse_egp_no)
                .col(col("egp_no").string_len(20).null())
                .col(col("delivery_date").date().null())
                .col(col("payment_date").date().null())
                // announcements: documents of the agency's library
                .col(col("invitation_doc_id").big_integer().null())
                .col(col("award_doc_id").big_integer().null())
                .col(
                    col("accept_over_budget")
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("procurement", "agency_id", "agency"))
                .foreign_key(
                    &mut fk("procurement", "invitation_doc_id", "document")
                        .on_delete(ForeignKeyAction::SetNull)
                        .to_owned(),
                )
                .foreign_key(
                    &mut fk("procurement", "award_doc_id", "document")
                        .on_delete(ForeignKeyAction::SetNull)
                        .to_owned(),
                ),
        ),
        // an e-GP project number once per agency; a plain unique index lets any number of
        // records without one (NULL) coexist, on SQLite and on PostgreSQL alike
        b.build(
            Index::create()
                .name("procurement_egp")
                .table(tbl("procurement"))
                .col(tbl("agency_id"))
                .col(tbl("egp_no"))
                .unique(),
        ),
        // a year's or a month's records in the order of the สขร.๑
        b.build(
            Index::create()
                .name("procurement_year_date")
                .table(tbl("procurement"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("contract_date")),
        ),
        build(
            b,
            Table::create()
                .table(tbl("procurement_bidder"))
                .col(id("id"))
                .col(col("procurement_id").big_integer().not_null())
                .col(col("position").integer().not_null())
                .col(col("name").string_len(300).not_null())
                .col(money("offer"))
                .foreign_key(
                    &mut fk("procurement_bidder", "procurement_id", "procurement")
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                ),
        ),
        b.build(
            Index::create()
                .name("procurement_bidder_record")
                .table(tbl("procurement_bidder"))
                .col(tbl("procurement_id"))
                .col(tbl("position")),
        ),
    ]
}

fn m0014_procurement_report(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::ForeignKey;
    vec![
        build(
            b,
            Table::create()
                .table(tbl("procurement_report"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                // ปัญหา อุปสรรค and แนวทางการปรับปรุง, as the coordinator wrote them
                .col(col("problems").text().not_null())
                .col(col("improvements").text().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(tbl("procurement_report"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("procurement_report_year")
                .table(tbl("procurement_report"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .unique(),
        ),
    ]
}

fn m0015_submission(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::ForeignKey;
    vec![
        build(
            b,
            Table::create()
                .table(tbl("submission_explanation"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("item_code").string_len(20).not_null())
                // the coordinator's text, and the draft it replaced when it was written
                .col(col("text").text().not_null())
                .col(col("draft_th").text().not_null())
                .col(col("updated_by").big_integer().null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(tbl("submission_explanation"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("submission_explanation_item")
                .table(tbl("submission_explanation"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("item_code"))
                .unique(),
        ),
        build(
            b,
            Table::create()
                .table(tbl("assessment_window"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("opens_on").date().not_null())
                .col(col("closes_on").date().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(tbl("assessment_window"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("assessment_window_year")
                .table(tbl("assessment_window"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .unique(),
        ),
    ]
}

fn m0016_evidence_versions(b: DbBackend) -> Vec<Statement> {
    // a replaced piece of evidence stays, pointing at the one that replaced it: the item's
    // permalink lists it under its earlier versions, readiness counts only the current ones
    vec![
        b.build(
            Table::alter()
                .table(tbl("disclosure_evidence"))
                .add_column(col("superseded_by").big_integer().null().to_owned()),
        ),
        b.build(
            Index::create()
                .name("disclosure_evidence_superseded")
                .table(tbl("disclosure_evidence"))
                .col(tbl("superseded_by")),
        ),
    ]
}

fn m0017_signoff(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::ForeignKey;
    vec![
        build(
            b,
            Table::create()
                .table(tbl("signed_document"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("kind").string_len(40).not_null())
                // half | year
                .col(col("period").string_len(10).not_null())
                .col(col("version").integer().not_null())
                // draft | submitted | acknowledged
                .col(col("state").string_len(20).not_null())
                .col(col("title").text().not_null())
                // the content as submitted (the feature's JSON): what the executive signs
                .col(col("snapshot").text().null())
                .col(col("submitted_by").big_integer().null())
                .col(col("submitted_at").timestamp_with_time_zone().null())
                .col(col("acknowledged_by").big_integer().null())
                .col(col("acknowledged_at").timestamp_with_time_zone().null())
                .col(col("acknowledge_note").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(tbl("signed_document"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("signed_document_key")
                .table(tbl("signed_document"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("kind"))
                .col(tbl("period"))
                .col(tbl("version"))
                .unique(),
        ),
    ]
}

fn m0018_plans_and_risks(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::ForeignKey;
    let plan = |t: &str| {
        b.build(
            Table::alter().table(tbl(t)).add_column(
                col("plan")
                    .string_len(20)
                    .not_null()
                    .default("ita")
                    .to_owned(),
            ),
        )
    };
    let fk_agency = |t: &str| {
        ForeignKey::create()
            .from(tbl(t), tbl("agency_id"))
            .to(tbl("agency"), tbl("id"))
            .to_owned()
    };
    vec![
        // the same measures machinery serves each programme: its rows, title block and rounds
        plan("measure"),
        plan("measure_document"),
        plan("report_round"),
        Statement::from_string(b, "DROP INDEX measure_document_agency_year"),
        b.build(
            Index::create()
                .name("measure_document_agency_year")
                .table(tbl("measure_document"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("plan"))
                .unique(),
        ),
        Statement::from_string(b, "DROP INDEX report_round_key"),
        b.build(
            Index::create()
                .name("report_round_key")
                .table(tbl("report_round"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("plan"))
                .col(tbl("period"))
                .col(tbl("version"))
                .unique(),
        ),
        // the risk matrix of an agency (likelihood × impact levels and the level bands), JSON
        build(
            b,
            Table::create()
                .table(tbl("risk_matrix"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("matrix").text().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk_agency("risk_matrix")),
        ),
        b.build(
            Index::create()
                .name("risk_matrix_agency")
                .table(tbl("risk_matrix"))
                .col(tbl("agency_id"))
                .unique(),
        ),
        // a risk of a fiscal year's assessment; its treatment is a measure of the "risk" plan
        build(
            b,
            Table::create()
                .table(tbl("risk"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("sort_order").integer().not_null())
                .col(col("process").text().not_null())
                .col(col("category").string_len(30).not_null())
                .col(col("event").text().not_null())
                .col(col("cause").text().not_null())
                .col(col("likelihood").integer().not_null())
                .col(col("impact").integer().not_null())
                .col(col("controls").text().not_null())
                .col(col("likelihood_after").integer().not_null())
                .col(col("impact_after").integer().not_null())
                .col(col("owner_unit_id").big_integer().null())
                .col(col("owner").text().not_null())
                .col(col("measure_id").big_integer().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk_agency("risk")),
        ),
        b.build(
            Index::create()
                .name("risk_agency_year")
                .table(tbl("risk"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year")),
        ),
    ]
}

fn m0019_announcements(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::ForeignKey;
    vec![
        build(
            b,
            Table::create()
                .table(tbl("announcement_draft"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                // `AnnouncementKind::code()`, also the sign-off kind
                .col(col("kind").string_len(40).not_null())
                // the announcement as JSON (domain::announcement::Announcement)
                .col(col("content").text().not_null())
                .col(col("updated_by").big_integer().null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(tbl("announcement_draft"), tbl("agency_id"))
                        .to(tbl("agency"), tbl("id")),
                ),
        ),
        b.build(
            Index::create()
                .name("announcement_draft_key")
                .table(tbl("announcement_draft"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("kind"))
                .unique(),
        ),
    ]
}

fn m0020_integrity(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::ForeignKey;
    let fk = |from: &str| {
        ForeignKey::create()
            .from(tbl(from), tbl("agency_id"))
            .to(tbl("agency"), tbl("id"))
            .to_owned()
    };
    vec![
        // one integrity activity (domain::integrity::Activity) of a fiscal year
        build(
            b,
            Table::create()
                .table(tbl("integrity_activity"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                // ActivityKind::code(): nogift.culture | ethics.activities | integrity.participation
                .col(col("kind").string_len(40).not_null())
                .col(col("title").string_len(300).not_null())
                .col(col("start_on").date().not_null())
                .col(col("end_on").date().null())
                .col(col("place").string_len(300).not_null())
                .col(col("description").text().not_null())
                .col(col("participants").integer().not_null())
                // the executives who took part, one per line
                .col(col("executives").text().not_null())
                // JSON arrays: public links, ids of the agency's documents
                .col(col("links").text().not_null())
                .col(col("document_ids").text().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("integrity_activity")),
        ),
        b.build(
            Index::create()
                .name("integrity_activity_year")
                .table(tbl("integrity_activity"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("kind")),
        ),
        // one gift or benefit received (domain::integrity::Gift); the value in satang
        build(
            b,
            Table::create()
                .table(tbl("integrity_gift"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("received_on").date().not_null())
                .col(col("giver").string_len(300).not_null())
                // person | organisation
                .col(col("giver_kind").string_len(20).not_null())
                .col(col("from_relative").boolean().not_null())
                .col(col("description").string_len(300).not_null())
                .col(col("value").big_integer().not_null())
                .col(col("recipient").string_len(300).not_null())
                .col(col("recipient_position").string_len(300).not_null())
                .col(col("occasion").string_len(300).not_null())
                // Handling::code(): returned | agency | charity | kept | other
                .col(col("handling").string_len(20).not_null())
                .col(col("handling_note").string_len(300).not_null())
                .col(col("reported_on").date().null())
                .col(col("accept_over_limit").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("integrity_gift")),
        ),
        b.build(
            Index::create()
                .name("integrity_gift_year")
                .table(tbl("integrity_gift"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("received_on")),
        ),
    ]
}

fn m0021_hr(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::{ForeignKey, ForeignKeyAction};
    let fk = |from: &str, column: &str, to: &str| {
        ForeignKey::create()
            .from(tbl(from), tbl(column))
            .to(tbl(to), tbl("id"))
            .to_owned()
    };
    // a deleted unit leaves the row without a unit (the reports keep the name they froze)
    let fk_unit = |from: &str| {
        fk(from, "unit_id", "unit")
            .on_delete(ForeignKeyAction::SetNull)
            .to_owned()
    };
    let year_index = |name: &str, table: &str, date: Option<&str>| {
        let mut i = Index::create();
        i.name(name)
            .table(tbl(table))
            .col(tbl("agency_id"))
            .col(tbl("fiscal_year"));
        if let Some(d) = date {
            i.col(tbl(d));
        }
        b.build(&i)
    };
    vec![
        // a position group of the workforce plan (แผนอัตรากำลัง) of a fiscal year
        build(
            b,
            Table::create()
                .table(tbl("hr_workforce"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                // domain::hr::StaffType::code()
                .col(col("staff_type").string_len(20).not_null())
                .col(col("group_name").string_len(200).not_null())
                .col(col("unit_id").big_integer().null())
                .col(col("framework").integer().not_null())
                .col(col("filled").integer().not_null())
                .col(col("accept_over").boolean().not_null().default(false))
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("hr_workforce", "agency_id", "agency"))
                .foreign_key(&mut fk_unit("hr_workforce")),
        ),
        year_index("hr_workforce_year", "hr_workforce", None),
        // การบรรจุ แต่งตั้ง โยกย้าย โอน เลื่อนระดับ
        build(
            b,
            Table::create()
                .table(tbl("hr_appointment"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("person").string_len(200).not_null())
                .col(col("position").string_len(200).not_null())
                // domain::hr::ActionKind::code()
                .col(col("kind").string_len(20).not_null())
                .col(col("unit_id").big_integer().null())
                .col(col("action_date").date().not_null())
                .col(col("order_no").string_len(100).not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("hr_appointment", "agency_id", "agency"))
                .foreign_key(&mut fk_unit("hr_appointment")),
        ),
        year_index("hr_appointment_year", "hr_appointment", Some("action_date")),
        // one person's course (การพัฒนาบุคลากร); hours in tenths, cost in satang
        build(
            b,
            Table::create()
                .table(tbl("hr_training"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("person").string_len(200).not_null())
                .col(col("position").string_len(200).not_null())
                .col(col("unit_id").big_integer().null())
                .col(col("course").string_len(500).not_null())
                .col(col("organiser").string_len(500).not_null())
                .col(col("start_date").date().not_null())
                .col(col("end_date").date().not_null())
                .col(col("hours_tenths").integer().not_null())
                .col(col("cost").big_integer().not_null())
                .col(col("ethics").boolean().not_null().default(false))
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("hr_training", "agency_id", "agency"))
                .foreign_key(&mut fk_unit("hr_training")),
        ),
        year_index("hr_training_year", "hr_training", Some("start_date")),
        // the HR officer's text of the six-month (half) or annual (year) report
        build(
            b,
            Table::create()
                .table(tbl("hr_report_notes"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("period").string_len(10).not_null())
                .col(col("results").text().not_null())
                .col(col("problems").text().not_null())
                .col(col("improvements").text().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("hr_report_notes", "agency_id", "agency")),
        ),
        b.build(
            Index::create()
                .name("hr_report_notes_key")
                .table(tbl("hr_report_notes"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year"))
                .col(tbl("period"))
                .unique(),
        ),
    ]
}

fn m0022_anticorruption(b: DbBackend) -> Vec<Statement> {
    use sea_orm::sea_query::ForeignKey;
    let fk = |from: &str, column: &str, to: &str| {
        ForeignKey::create()
            .from(tbl(from), tbl(column))
            .to(tbl(to), tbl("id"))
            .to_owned()
    };
    vec![
        // a project or activity of a year's anti-corruption action plan; its steps are a
        // measure of the "anticorruption" plan; budget in satang
        build(
            b,
            Table::create()
                .table(tbl("ac_project"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("sort_order").integer().not_null())
                .col(col("name").text().not_null())
                .col(col("objectives").text().not_null())
                .col(col("budget").big_integer().not_null())
                .col(col("unit_id").big_integer().null())
                .col(col("person").text().not_null())
                // "1 2 4": the quarters of the fiscal year it runs in
                .col(col("quarters").string_len(20).not_null())
                // JSON of [domain::anticorruption::Indicator]
                .col(col("indicators").text().not_null())
                // ids of the risks of the same year it treats, space-separated
                .col(col("risk_ids").text().not_null())
                .col(col("measure_id").big_integer().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("ac_project", "agency_id", "agency")),
        ),
        b.build(
            Index::create()
                .name("ac_project_agency_year")
                .table(tbl("ac_project"))
                .col(tbl("agency_id"))
                .col(tbl("fiscal_year")),
        ),
        // what a progress report (half | year) says of a project: spent (satang) and result
        build(
            b,
            Table::create()
                .table(tbl("ac_progress"))
                .col(id("id"))
                .col(col("agency_id").big_integer().not_null())
                .col(col("project_id").big_integer().not_null())
                .col(col("fiscal_year").integer().not_null())
                .col(col("period").string_len(10).not_null())
                .col(col("spent").big_integer().not_null())
                .col(col("result").text().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("ac_progress", "agency_id", "agency"))
                .foreign_key(&mut fk("ac_progress", "project_id", "ac_project")),
        ),
        b.build(
            Index::create()
                .name("ac_progress_key")
                .table(tbl("ac_progress"))
                .col(tbl("project_id"))
                .col(tbl("period"))
                .unique(),
        ),
    ]
}

/// Apply every migration not yet applied. Returns the versions applied now.
pub async fn migrate(db: &DatabaseConnection) -> Result<Vec<i64>, DbErr> {
    migrate_to(db, latest_version()).await
}

/// Apply the migrations not yet applied up to and including `version` (tests of a
/// migration's data move start from the schema before it).
pub async fn migrate_to(db: &DatabaseConnection, version: i64) -> Result<Vec<i64>, DbErr> {
    let b = db.get_database_backend();
    db.execute(
        b.build(
            Table::create()
                .table(tbl("schema_migrations"))
                .if_not_exists()
                .col(col("version").big_integer().not_null().primary_key())
                .col(col("name").string_len(200).not_null())
                .col(col("applied_at").timestamp_with_time_zone().not_null()),
        ),
    )
    .await?;
    let mut applied_now = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| m.version <= version) {
        let txn = db.begin().await?;
        // Lock-free check inside the transaction; a concurrent migrator fails on the primary key.
        let done = txn
            .query_one(Statement::from_sql_and_values(
                b,
                match b {
                    DbBackend::Postgres => {
                        "SELECT version FROM schema_migrations WHERE version = $1"
                    }
                    _ => "SELECT version FROM schema_migrations WHERE version = ?",
                },
                [m.version.into()],
            ))
            .await?
            .is_some();
        if done {
            txn.rollback().await?;
            continue;
        }
        for st in (m.steps)(b) {
            txn.execute(st).await?;
        }
        let q = sea_orm::sea_query::Query::insert()
            .into_table(tbl("schema_migrations"))
            .columns([tbl("version"), tbl("name"), tbl("applied_at")])
            .values_panic([
                m.version.into(),
                m.name.into(),
                Expr::value(chrono::Utc::now()),
            ])
            .to_owned();
        txn.execute(b.build(&q)).await?;
        txn.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        applied_now.push(m.version);
    }
    Ok(applied_now)
}

/// The newest migration version this binary knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}
