//! The back office (`/api/v1/petugas/…`): sessions, accounts, the queue, a report's full record
//! with the moves its holder may make, and monitoring.

use super::{DueView, ListItem, Named, ReportView, RouteView, SuggestionView};
use crate::lifecycle::{ActionKind, Role, Status};
use crate::report::Privacy;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// `POST login`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The 6-digit code of the officer's authenticator app, or a recovery code, when the account
    /// has two-step sign-in (`totp`); the first answer without it is `401 otp_required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp: Option<String>,
}

/// `POST logout`: `all` ends every session of the officer (every device), not only this one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct LogoutRequest {
    pub all: bool,
}

/// `POST login`, `GET me`: who is logged in, and the token every change must carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionView {
    pub officer: OfficerView,
    pub csrf_token: String,
    /// The role requires two-step sign-in (`totp::required`) and the account has none yet:
    /// this session can only enrol (`totp/setup`, `totp/confirm`), see itself and log out.
    #[serde(default)]
    pub must_enrol_totp: bool,
    /// The account signs in with two steps.
    #[serde(default)]
    pub totp: bool,
}

/// `POST totp/setup`: a new secret for an authenticator app (shown once, until confirmed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TotpSetup {
    /// Base32, for typing into the app.
    pub secret: String,
    pub otpauth_uri: String,
    /// The `otpauth_uri` as a QR code (an SVG document) to scan.
    pub qr_svg: String,
}

/// `POST totp/confirm`: the first code the app shows, proving it has the secret.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct TotpConfirm {
    pub code: String,
}

/// Two-step sign-in is on: the recovery codes, shown this once (each signs in once when the
/// phone is lost).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TotpEnabled {
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OfficerView {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    /// `Role::label`
    pub role_label: String,
    pub unit: Named,
    pub active: bool,
}

/// One change to an officer's account (`GET /api/v1/petugas/audit`, coordinators only): when,
/// by whom, to which account, what (`account::Change`: its code and its words).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AccountEvent {
    pub at: i64,
    pub actor: String,
    pub username: String,
    pub change: String,
    pub text: String,
}

/// `GET /api/v1/petugas/audit`: the newest changes first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AccountEvents {
    pub items: Vec<AccountEvent>,
}

/// `GET officers`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OfficerList {
    pub items: Vec<OfficerView>,
}

/// `POST officers`: a new account. Role and unit are codes, checked with field errors.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct NewOfficer {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: String,
    pub unit: String,
    pub password: String,
}

/// `PATCH officers/{username}`: only what is given changes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct OfficerChange {
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub unit: Option<String>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

/// `POST officers`, `PATCH officers/{username}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OfficerSaved {
    pub username: String,
}

/// `POST officers/import`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ImportResult {
    pub created: usize,
}

/// One report of an officer's queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QueueItem {
    #[serde(flatten)]
    pub item: ListItem,
    pub privacy: Privacy,
    pub proposed_unit: String,
    pub due: Option<DueView>,
    pub misroute_count: i64,
    pub reopen_count: i64,
}

/// `GET reports`: the officer's queue, overdue first, then by deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    /// Counted up to a cap (`total_more`, `overdue_more` when there are more).
    pub total: u64,
    pub total_more: bool,
    pub overdue: u64,
    pub overdue_more: bool,
    pub page: u32,
    pub per_page: u32,
    /// Another page follows.
    pub more: bool,
}

/// `POST reports/{code}/actions`: a move and what it needs. `action` is an `ActionKind` code;
/// the server answers an unknown one with a field error.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ActionRequest {
    pub action: String,
    /// The unit to route to (verify, route, reroute, not_authority).
    pub to: Option<String>,
    /// Why (reroute, return, reject).
    pub reason: Option<String>,
    /// The answer.
    pub text: Option<String>,
    /// Send an answer although `answer::AnswerCheck` finds a part missing: why (logged as an
    /// internal note and counted in monev).
    pub override_reason: Option<String>,
    /// A note to the reporter (not_authority).
    pub note: Option<String>,
    /// The tracking code to merge into.
    pub into: Option<String>,
    /// Tighten privacy while verifying (a `Privacy` code).
    pub privacy: Option<String>,
}

/// `GET reports/{code}` and the answer to every move: everything this officer may know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OfficerReport {
    /// The report with officers' photo links and the whole history, internal notes included.
    #[serde(flatten)]
    pub report: ReportView,
    pub reporter: ReporterView,
    /// The door it came in by (an officer who recorded it is in the first history entry).
    pub channel: crate::report::Channel,
    /// Where `domain::route` would send it with the citizen's answers.
    pub proposed_route: RouteView,
    /// For a report filed under "lainnya": the categories its words suggest.
    pub suggestions: Vec<SuggestionView>,
    /// The moves this officer may make now (`lifecycle::available_actions`).
    pub available_actions: Vec<ActionKind>,
    pub misroute_count: i64,
    pub reopen_count: i64,
    pub merged_into: Option<String>,
    pub rating: Option<u8>,
    pub rating_comment: Option<String>,
    /// Every deadline running: the current step's, then the 60-day resolution.
    pub dues: Vec<DueView>,
    /// Held from the public (`moderation::Hold`), with the flags' reasons counted (never who).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<HeldView>,
    /// What this officer may redact (empty when it may not).
    #[serde(default)]
    pub redactable: Vec<RedactableView>,
}

/// The reporter's identity, when the rules let this officer see it (`scope::sees_identity`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ReporterView {
    pub hidden: bool,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Why it is hidden.
    pub message: Option<String>,
}

impl ReporterView {
    /// Hidden; `may_open` says whether this officer can open it (`scope::may_open_identity`).
    pub fn hidden(may_open: bool, lang: Lang) -> ReporterView {
        let message = match (may_open, lang) {
            (false, Lang::Id) => "Identitas pelapor disembunyikan (laporan anonim/rahasia).",
            (false, Lang::En) => "The reporter's identity is hidden (anonymous/confidential report).",
            (true, Lang::Id) => "Identitas pelapor disembunyikan (laporan anonim/rahasia). Bukalah hanya bila perlu: alasan Anda dicatat di riwayat dan dibaca oleh pelapor.",
            (true, Lang::En) => "The reporter's identity is hidden (anonymous/confidential report). Open it only when needed: your reason is logged in the history and read by the reporter.",
        };
        ReporterView {
            hidden: true,
            name: None,
            phone: None,
            email: None,
            message: Some(message.to_string()),
        }
    }
}

/// `POST reports/{code}/notes`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct NoteRequest {
    pub text: String,
}

/// `POST reports/{code}/identity`: "Buka identitas" — the reason is logged in the history and
/// shown to the reporter (`feedback::identity_reason`). The answer is the `ReporterView`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct OpenIdentityRequest {
    pub reason: String,
}

/// `POST reports/{code}/redactions`: redact part of a report (`redaction::Redaction::parse`).
/// Text parts take `fragments` (each replaced by "[disunting]" wherever it occurs); a photo takes
/// `regions` to black out; `restore` puts a redacted part back as first written. The answer is
/// the `OfficerReport` after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RedactRequest {
    pub part: crate::redaction::Part,
    /// The history entry's or the photo's number (`RedactableView::id`).
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub fragments: Vec<String>,
    #[serde(default)]
    pub regions: Vec<crate::redaction::Region>,
    #[serde(default)]
    pub reason: String,
    /// Put the part back as first written instead (the coordinator only).
    #[serde(default)]
    pub restore: bool,
}

/// A part of a report this officer may redact (`redaction::may_redact`), as shown now; the
/// coordinator also reads the original of a part already redacted (`redaction::sees_original`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RedactableView {
    pub part: crate::redaction::Part,
    pub id: Option<i64>,
    pub label: String,
    /// A text part's words as everyone but the coordinator reads them.
    pub text: Option<String>,
    /// A photo as everyone but the coordinator sees it (the officers' link).
    pub url: Option<String>,
    pub redacted: bool,
    /// The coordinator only: the words as first written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// The coordinator only: the photo as it arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_url: Option<String>,
}

/// `POST reports/{code}/privacy`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct PrivacyRequest {
    pub privacy: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PrivacyAnswer {
    pub privacy: Privacy,
}

/// `GET monev`: per OPD, and the reports overdue now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MonevView {
    pub opds: Vec<MonevRow>,
    pub overdue: Vec<OverdueItem>,
    pub total: u64,
    /// Reports received per channel in each of the last twelve months, newest first
    /// (`monev::by_channel`).
    #[serde(default)]
    pub channels: Vec<ChannelMonth>,
}

/// Reports received per channel (web, WhatsApp, SMS, in person, …) in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ChannelMonth {
    /// `2026-12`.
    pub month: String,
    /// "Desember 2026".
    pub label: String,
    /// Every channel used in the twelve months, in `Channel::ALL` order (0 in a month without).
    pub counts: Vec<ChannelCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ChannelCount {
    pub channel: crate::report::Channel,
    pub label: String,
    pub reports: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MonevRow {
    pub opd: Named,
    pub total: u64,
    pub open: u64,
    pub overdue: u64,
    /// Reports with a first answer.
    pub answered: u64,
    /// Of those, answered on time (`deadline::answered_on_time`).
    pub answered_on_time: u64,
    pub answered_on_time_pct: Option<u32>,
    pub finished: u64,
    /// Returned to the coordinator as the wrong unit.
    pub misroutes: u64,
    /// Reports answered at least once without action, unit or time (sent with a logged reason).
    #[serde(default)]
    pub normative_answers: u64,
    /// Finished reports whose reporter was asked whether the problem is really solved, those
    /// who said it is (actually fixed) and those who said it is not (unresolved after answer).
    #[serde(default)]
    pub followups: u64,
    #[serde(default)]
    pub fixed: u64,
    #[serde(default)]
    pub unresolved_after_answer: u64,
    pub reopened: u64,
    pub rating_avg: Option<f64>,
    pub rating_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OverdueItem {
    pub tracking_code: String,
    pub title: String,
    pub unit: Named,
    pub status: Status,
    pub due: DueView,
}

/// `n` of `of` as a rounded percentage; none of nothing.
pub fn pct(n: u64, of: u64) -> Option<u32> {
    (of > 0).then(|| ((n * 100 + of / 2) / of) as u32)
}

/// Why a report is held from the public, and what the flags said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct HeldView {
    pub hold: crate::moderation::Hold,
    pub text: String,
    pub flags: Vec<FlagCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FlagCount {
    pub reason: crate::moderation::FlagReason,
    pub label: String,
    pub devices: u32,
    /// The words sent with the flags, newest first (at most 10).
    pub notes: Vec<String>,
}
