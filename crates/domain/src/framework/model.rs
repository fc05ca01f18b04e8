//! The validated model of one year's framework.

use serde::Serialize;

use crate::calendar::FiscalYear;

/// How complete a year's file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkStatus {
    Complete,
    Partial,
    Placeholder,
}

/// The three tools of the ITA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ToolCode {
    IIT,
    EIT,
    OIT,
}

impl ToolCode {
    pub const ALL: [ToolCode; 3] = [Self::IIT, Self::EIT, Self::OIT];
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "IIT" => Some(Self::IIT),
            "EIT" => Some(Self::EIT),
            "OIT" => Some(Self::OIT),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IIT => "IIT",
            Self::EIT => "EIT",
            Self::OIT => "OIT",
        }
    }
}

/// How often an OIT item's content must be renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Published once and kept current (structure, contacts, manuals, channels).
    Once,
    Monthly,
    Quarterly,
    SixMonthly,
    Yearly,
}

impl Cadence {
    pub const ALL: [Cadence; 5] = [
        Self::Once,
        Self::Monthly,
        Self::Quarterly,
        Self::SixMonthly,
        Self::Yearly,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Once => "once",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::SixMonthly => "six_monthly",
            Self::Yearly => "yearly",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Once => "เผยแพร่และปรับให้เป็นปัจจุบัน",
            Self::Monthly => "รายเดือน",
            Self::Quarterly => "รายไตรมาส",
            Self::SixMonthly => "รอบ 6 เดือน",
            Self::Yearly => "รายปี",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Once => "kept current",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::SixMonthly => "six-monthly",
            Self::Yearly => "yearly",
        }
    }
}

/// Which fiscal year's data an item must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataYear {
    /// The assessed fiscal year.
    Current,
    /// The fiscal year before the assessed one (annual reports).
    Previous,
    /// Any: standing information that must be current.
    Any,
}

impl DataYear {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "current" => Some(Self::Current),
            "previous" => Some(Self::Previous),
            "any" => Some(Self::Any),
            _ => None,
        }
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Current => "ข้อมูลปีงบประมาณที่ประเมิน",
            Self::Previous => "ข้อมูลปีงบประมาณก่อนหน้า",
            Self::Any => "ข้อมูลที่เป็นปัจจุบัน",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Current => "data of the assessed fiscal year",
            Self::Previous => "data of the previous fiscal year",
            Self::Any => "current information",
        }
    }
}

/// The kind of evidence an item expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Document,
    Link,
    Page,
    Data,
    System,
}

impl EvidenceKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "document" => Some(Self::Document),
            "link" => Some(Self::Link),
            "page" => Some(Self::Page),
            "data" => Some(Self::Data),
            "system" => Some(Self::System),
            _ => None,
        }
    }
}

/// What of Prongsai's own work answers an item: when it is produced (a measures document, a
/// signed-off report), it attaches itself to every item of the year that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// The measures document of the year (O42 style).
    MeasuresPlan,
    /// The acknowledged implementation report of the measures (O43 style), per round.
    MeasuresReport,
    /// The agency's contact channels (address, phone, e-mail, Facebook, LINE, map).
    Contact,
    /// The online e-Service catalogue.
    EService,
    /// Service statistics (online requests and counter-service entries) by period.
    ServiceStats,
    /// The yearly satisfaction survey report.
    SurveyReport,
    /// The channel for corruption and misconduct complaints.
    ComplaintChannel,
    /// Yearly statistics of corruption and misconduct complaints.
    ComplaintStats,
    /// Plans and projects opened to citizens' comments, with the summary of what was received.
    Participation,
    /// The annual procurement plan (its latest revision) of the data year.
    ProcurementPlan,
    /// The procurement announcements of the year: the year's page of the register, each record
    /// with its invitation and winner announcements.
    ProcurementNotices,
    /// The monthly procurement summaries (สขร.๑) of every month of the data year begun so far.
    ProcurementMonthly,
    /// The annual procurement report with its analysis, of the data year.
    ProcurementAnnual,
    /// The signed-off corruption risk assessment of the year: the register, the matrix and the
    /// heat-map.
    RiskAssessment,
    /// The acknowledged progress reports of the risk mitigation measures (six-month rounds go to
    /// six-monthly items, the year's round to every item).
    RiskReport,
    /// The signed-off anti-corruption action plan of the year.
    AntiCorruptionPlan,
    /// The acknowledged progress reports of the anti-corruption action plan (six-month rounds
    /// go to six-monthly items, the year's round to every item).
    AntiCorruptionReport,
    /// The executive's signed declaration of integrity intent (เจตจำนงสุจริต).
    IntegrityIntent,
    /// The record of the executives' participation in integrity work.
    IntegrityParticipation,
    /// The executive's signed No Gift Policy announcement of the year.
    NoGiftAnnouncement,
    /// The activities that build the No Gift culture, with their report.
    NoGiftCulture,
    /// The report of the register of gifts and benefits received.
    NoGiftReport,
    /// The signed HR policy or plan.
    HrPolicy,
    /// What was done under the HR policy: the six-month and annual HR reports.
    HrActions,
    /// The signed HR criteria (recruitment, appointment, development, evaluation, rewards).
    HrCriteria,
    /// The annual HR management and development report, with its statistics.
    HrAnnual,
    /// The code of ethics for the agency's officials.
    EthicsCode,
    /// The ethics activities of the year with their report.
    EthicsActivities,
    /// The report of the ethics assessment of the agency's officials.
    EthicsAssessment,
}

impl Product {
    pub const ALL: [Product; 29] = [
        Self::MeasuresPlan,
        Self::MeasuresReport,
        Self::Contact,
        Self::EService,
        Self::ServiceStats,
        Self::SurveyReport,
        Self::ComplaintChannel,
        Self::ComplaintStats,
        Self::Participation,
        Self::ProcurementPlan,
        Self::ProcurementNotices,
        Self::ProcurementMonthly,
        Self::ProcurementAnnual,
        Self::RiskAssessment,
        Self::RiskReport,
        Self::AntiCorruptionPlan,
        Self::AntiCorruptionReport,
        Self::IntegrityIntent,
        Self::IntegrityParticipation,
        Self::NoGiftAnnouncement,
        Self::NoGiftCulture,
        Self::NoGiftReport,
        Self::HrPolicy,
        Self::HrActions,
        Self::HrCriteria,
        Self::HrAnnual,
        Self::EthicsCode,
        Self::EthicsActivities,
        Self::EthicsAssessment,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::MeasuresPlan => "measures.plan",
            Self::MeasuresReport => "measures.report",
            Self::Contact => "contact",
            Self::EService => "eservice.online",
            Self::ServiceStats => "eservice.stats",
            Self::SurveyReport => "survey.report",
            Self::ComplaintChannel => "complaints.channel",
            Self::ComplaintStats => "complaints.stats",
            Self::Participation => "participation",
            Self::ProcurementPlan => "procurement.plan",
            Self::ProcurementNotices => "procurement.notices",
            Self::ProcurementMonthly => "procurement.monthly",
            Self::ProcurementAnnual => "procurement.annual",
            Self::RiskAssessment => "risk.assessment",
            Self::RiskReport => "risk.report",
            Self::AntiCorruptionPlan => "anticorruption.plan",
            Self::AntiCorruptionReport => "anticorruption.report",
            Self::IntegrityIntent => "integrity.intent",
            Self::IntegrityParticipation => "integrity.participation",
            Self::NoGiftAnnouncement => "nogift.announcement",
            Self::NoGiftCulture => "nogift.culture",
            Self::NoGiftReport => "nogift.report",
            Self::HrPolicy => "hr.policy",
            Self::HrActions => "hr.actions",
            Self::HrCriteria => "hr.criteria",
            Self::HrAnnual => "hr.annual",
            Self::EthicsCode => "ethics.code",
            Self::EthicsActivities => "ethics.activities",
            Self::EthicsAssessment => "ethics.assessment",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scoring {
    pub pass_mark: f64,
    pub pass_mark_verified: bool,
    pub oit_method: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeBand {
    pub code: String,
    pub label_th: String,
    pub min_total: f64,
    pub min_each_tool: Option<f64>,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tool {
    pub code: ToolCode,
    pub name_th: String,
    pub name_en: String,
    pub weight: f64,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub number: u32,
    pub tool: ToolCode,
    pub name_th: String,
    pub weight: Option<f64>,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubIndicator {
    pub code: String,
    pub indicator: u32,
    pub name_th: String,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub code: String,
    pub sub_indicator: String,
    pub group_th: Option<String>,
    pub title_th: String,
    pub title_verified: bool,
    pub requirement_th: Option<String>,
    pub requirement_verified: bool,
    pub evidence: Vec<EvidenceKind>,
    pub cadence: Cadence,
    pub data_year: DataYear,
    /// Codes of the previous year this item continues; `None` = not stated (same code and
    /// title, or matched by title).
    pub previous: Option<Vec<String>>,
    /// What of Prongsai's work answers it by itself, if anything.
    pub produced_by: Vec<Product>,
}

impl Item {
    /// The fiscal year whose data answers this item when `assessed` is assessed: the year
    /// before for annual reports of the previous year, else the assessed year (None before the
    /// supported range).
    pub fn data_fiscal_year(
        &self,
        assessed: crate::calendar::FiscalYear,
    ) -> Option<crate::calendar::FiscalYear> {
        match self.data_year {
            DataYear::Previous => assessed.prev(),
            DataYear::Current | DataYear::Any => Some(assessed),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub code: String,
    pub tool: ToolCode,
    pub indicator: u32,
    pub text_th: String,
    pub verified: bool,
}

/// One fiscal year's ITA, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    pub fiscal_year: FiscalYear,
    pub title_th: String,
    pub status: FrameworkStatus,
    pub sources: Vec<String>,
    pub gaps: Vec<String>,
    pub scoring: Scoring,
    pub grades: Vec<GradeBand>,
    pub tools: Vec<Tool>,
    pub indicators: Vec<Indicator>,
    pub sub_indicators: Vec<SubIndicator>,
    pub items: Vec<Item>,
    pub questions: Vec<Question>,
}

impl Framework {
    /// Whether a code names an element of this framework: an item ("O42"), a question
    /// ("I12"), a sub-indicator ("9.1") or an indicator by its number ("9").
    pub fn has_code(&self, code: &str) -> bool {
        self.item(code).is_some()
            || self.question(code).is_some()
            || self.sub_indicator(code).is_some()
            || code
                .parse::<u32>()
                .is_ok_and(|n| self.indicator(n).is_some())
    }
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }
    pub fn tool(&self, code: ToolCode) -> Option<&Tool> {
        self.tools.iter().find(|t| t.code == code)
    }
    pub fn indicator(&self, number: u32) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.number == number)
    }
    pub fn sub_indicator(&self, code: &str) -> Option<&SubIndicator> {
        self.sub_indicators.iter().find(|s| s.code == code)
    }
    pub fn question(&self, code: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.code == code)
    }
    /// The items of a sub-indicator, in checklist order.
    pub fn items_of<'a>(&'a self, sub_indicator: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items
            .iter()
            .filter(move |i| i.sub_indicator == sub_indicator)
    }
    /// The sub-indicators of an indicator.
    pub fn sub_indicators_of(&self, indicator: u32) -> impl Iterator<Item = &SubIndicator> {
        self.sub_indicators
            .iter()
            .filter(move |s| s.indicator == indicator)
    }
    /// The items a product of Prongsai answers.
    pub fn items_produced_by(&self, p: Product) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(move |i| i.produced_by.contains(&p))
    }
    /// The indicators of a tool.
    pub fn indicators_of(&self, tool: ToolCode) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(move |i| i.tool == tool)
    }
    /// The grade of a total score and tool scores, by the year's bands (best first).
    pub fn grade(&self, total: f64, tool_scores: &[(ToolCode, f64)]) -> Option<&GradeBand> {
        self.grades.iter().find(|g| {
            total >= g.min_total
                && g.min_each_tool
                    .is_none_or(|m| tool_scores.iter().all(|(_, s)| *s >= m))
        })
    }
}
