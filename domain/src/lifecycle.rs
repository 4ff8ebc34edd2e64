//! How a report moves: its statuses, who may move it, and the history each move leaves.
//!
//! `transition` is the only way to a new status. It knows the roles, the legal moves, the
//! required reasons, and the two time rules of the reporter (reopen within 10 working days of an
//! answer; after that the system finishes the report). Whether an officer's unit covers the
//! report is the caller's question (`Unit::is_within`), asked before calling this.

use crate::answer::AnswerCheck;
use crate::catalog::UnitId;
use crate::date::Date;
use crate::deadline::AUTO_FINISH_WORKING_DAYS;
use crate::text::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received, waiting for the coordinator's verification.
    Diterima,
    /// Verified by the coordinator, waiting to be routed.
    Terverifikasi,
    /// Routed (disposisi) to a unit, waiting for its answer.
    Didisposisikan,
    /// The unit answered (tindak lanjut); the reporter may accept or reopen.
    Ditindaklanjuti,
    /// Finished: accepted by the reporter or closed after 10 silent working days.
    Selesai,
    /// Not the regency's authority: the reporter was told where to go.
    BukanWewenang,
    /// Merged into an earlier report about the same problem.
    Digabung,
    /// Rejected with a reason.
    Ditolak,
    /// Reopened by the reporter: back with the unit.
    DibukaKembali,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Diterima,
        Status::Terverifikasi,
        Status::Didisposisikan,
        Status::Ditindaklanjuti,
        Status::Selesai,
        Status::BukanWewenang,
        Status::Digabung,
        Status::Ditolak,
        Status::DibukaKembali,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Diterima => "diterima",
            Status::Terverifikasi => "terverifikasi",
            Status::Didisposisikan => "didisposisikan",
            Status::Ditindaklanjuti => "ditindaklanjuti",
            Status::Selesai => "selesai",
            Status::BukanWewenang => "bukan_wewenang",
            Status::Digabung => "digabung",
            Status::Ditolak => "ditolak",
            Status::DibukaKembali => "dibuka_kembali",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Diterima, Lang::Id) => "Diterima",
            (Status::Terverifikasi, Lang::Id) => "Terverifikasi",
            (Status::Didisposisikan, Lang::Id) => "Diteruskan ke unit",
            (Status::Ditindaklanjuti, Lang::Id) => "Ditindaklanjuti",
            (Status::Selesai, Lang::Id) => "Selesai",
            (Status::BukanWewenang, Lang::Id) => "Bukan wewenang Pemkab",
            (Status::Digabung, Lang::Id) => "Digabung dengan laporan lain",
            (Status::Ditolak, Lang::Id) => "Ditolak",
            (Status::DibukaKembali, Lang::Id) => "Dibuka kembali",
            (Status::Diterima, Lang::En) => "Received",
            (Status::Terverifikasi, Lang::En) => "Verified",
            (Status::Didisposisikan, Lang::En) => "Routed to a unit",
            (Status::Ditindaklanjuti, Lang::En) => "Answered",
            (Status::Selesai, Lang::En) => "Finished",
            (Status::BukanWewenang, Lang::En) => "Not the regency's authority",
            (Status::Digabung, Lang::En) => "Merged with another report",
            (Status::Ditolak, Lang::En) => "Rejected",
            (Status::DibukaKembali, Lang::En) => "Reopened",
        }
    }
    /// No further move is possible.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Selesai | Status::BukanWewenang | Status::Digabung | Status::Ditolak
        )
    }
    /// A unit is expected to answer.
    pub fn is_with_unit(self) -> bool {
        matches!(self, Status::Didisposisikan | Status::DibukaKembali)
    }
    /// May a report in this status appear in public lists (if its privacy allows)? A rejected
    /// report is gone from public view; everything else stays visible for accountability.
    pub fn is_listed(self) -> bool {
        self != Status::Ditolak
    }
    /// The statuses with no further move.
    pub fn terminal() -> impl Iterator<Item = Status> {
        Status::ALL.into_iter().filter(|s| s.is_terminal())
    }
    /// The statuses a public list may show.
    pub fn listed() -> impl Iterator<Item = Status> {
        Status::ALL.into_iter().filter(|s| s.is_listed())
    }
}

/// Who acts. Officers' roles are bound to a unit by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The citizen who filed the report (proved by the tracking code, plus the secret when confidential).
    Pelapor,
    /// Diskominfo Bidang PIKP: the regency's LAPOR! administrator.
    Koordinator,
    /// An OPD's admin penghubung: everything routed to the OPD and its bidang.
    PenghubungOpd,
    /// A bidang or UPT officer.
    PetugasUnit,
    /// A camat, sekretaris kecamatan or sekretaris desa.
    PetugasWilayah,
    /// Bupati, Sekda, Inspektorat: read-only.
    Pimpinan,
    /// The server's scheduler (auto-finish).
    Sistem,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Pelapor,
        Role::Koordinator,
        Role::PenghubungOpd,
        Role::PetugasUnit,
        Role::PetugasWilayah,
        Role::Pimpinan,
        Role::Sistem,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Role::Pelapor => "pelapor",
            Role::Koordinator => "koordinator",
            Role::PenghubungOpd => "penghubung_opd",
            Role::PetugasUnit => "petugas_unit",
            Role::PetugasWilayah => "petugas_wilayah",
            Role::Pimpinan => "pimpinan",
            Role::Sistem => "sistem",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }
    /// The roles an officer's account can have.
    pub const OFFICERS: [Role; 5] = [
        Role::Koordinator,
        Role::PenghubungOpd,
        Role::PetugasUnit,
        Role::PetugasWilayah,
        Role::Pimpinan,
    ];
    /// An officer's role as given on an account (the citizen and the system are not accounts).
    pub fn parse_officer(s: &str) -> Option<Role> {
        Role::OFFICERS.into_iter().find(|r| r.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Pelapor, Lang::Id) => "Pelapor",
            (Role::Koordinator, Lang::Id) => "Koordinator (Diskominfo)",
            (Role::PenghubungOpd, Lang::Id) => "Admin penghubung OPD",
            (Role::PetugasUnit, Lang::Id) => "Petugas bidang/UPT",
            (Role::PetugasWilayah, Lang::Id) => "Petugas wilayah (kecamatan/desa)",
            (Role::Pimpinan, Lang::Id) => "Pimpinan (baca saja)",
            (Role::Sistem, Lang::Id) => "Sistem",
            (Role::Pelapor, Lang::En) => "Reporter",
            (Role::Koordinator, Lang::En) => "Coordinator (Diskominfo)",
            (Role::PenghubungOpd, Lang::En) => "OPD liaison",
            (Role::PetugasUnit, Lang::En) => "Division/UPT officer",
            (Role::PetugasWilayah, Lang::En) => "Area officer (kecamatan/desa)",
            (Role::Pimpinan, Lang::En) => "Leadership (read only)",
            (Role::Sistem, Lang::En) => "System",
        }
    }
    /// Sees the monitoring (monev) of the whole regency: counts of every report. Which reports
    /// it may open is `scope::can_read`.
    pub fn sees_all(self) -> bool {
        matches!(self, Role::Koordinator | Role::Pimpinan)
    }
    /// Manages officers' accounts and verifies reports.
    pub fn is_coordinator(self) -> bool {
        self == Role::Koordinator
    }
    /// Files reports on behalf of citizens who come in, call or write (the desa/kecamatan office
    /// and the coordinator's desk): the front doors where there is no app.
    pub fn files_for_citizens(self) -> bool {
        matches!(self, Role::PetugasWilayah | Role::Koordinator)
    }
    /// May write internal notes on reports it sees (leadership only reads).
    pub fn writes_notes(self) -> bool {
        self.is_handler()
    }
    fn is_handler(self) -> bool {
        matches!(
            self,
            Role::PenghubungOpd | Role::PetugasUnit | Role::PetugasWilayah | Role::Koordinator
        )
    }
}

/// A move, with what it needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Verify,
    Route {
        to: String,
    },
    Reroute {
        to: String,
        reason: String,
    },
    ReturnToCoordinator {
        reason: String,
    },
    Answer {
        text: String,
        /// Why the answer is sent although `answer::AnswerCheck` finds a part missing (logged).
        #[serde(default)]
        override_reason: Option<String>,
    },
    Accept,
    Reopen {
        reason: String,
    },
    AutoFinish,
    NotAuthority {
        to: String,
        note: String,
    },
    Merge {
        into: String,
    },
    Reject {
        reason: String,
    },
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Verify => ActionKind::Verify,
            Action::Route { .. } => ActionKind::Route,
            Action::Reroute { .. } => ActionKind::Reroute,
            Action::ReturnToCoordinator { .. } => ActionKind::Return,
            Action::Answer { .. } => ActionKind::Answer,
            Action::Accept => ActionKind::Accept,
            Action::Reopen { .. } => ActionKind::Reopen,
            Action::AutoFinish => ActionKind::AutoFinish,
            Action::NotAuthority { .. } => ActionKind::NotAuthority,
            Action::Merge { .. } => ActionKind::Merge,
            Action::Reject { .. } => ActionKind::Reject,
        }
    }
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }
    /// The reason or public text the move carries into history, trimmed.
    pub fn note(&self) -> Option<String> {
        match self {
            Action::Reroute { reason, .. }
            | Action::ReturnToCoordinator { reason }
            | Action::Reopen { reason }
            | Action::Reject { reason } => Some(reason.trim().to_string()),
            Action::Answer { text, .. } => Some(text.trim().to_string()),
            Action::NotAuthority { note, .. } => {
                Some(note.trim().to_string()).filter(|n| !n.is_empty())
            }
            Action::Merge { into } => Some(into.clone()),
            Action::Verify | Action::Route { .. } | Action::Accept | Action::AutoFinish => None,
        }
    }
}

impl Action {
    /// An answer sent although `AnswerCheck` finds parts missing: what is missing, and the
    /// internal note that logs who sent it anyway and why (officers only; monev counts it).
    pub fn normative_override(&self) -> Option<(AnswerCheck, String)> {
        let Action::Answer {
            text,
            override_reason: Some(reason),
        } = self
        else {
            return None;
        };
        let check = AnswerCheck::of(text);
        if check.is_complete() || reason.trim().is_empty() {
            return None;
        }
        let missing: Vec<&str> = check.missing().iter().map(|p| p.label(Lang::Id)).collect();
        Some((
            check,
            format!(
                "Jawaban dikirim walau belum lengkap (tanpa {}). Alasan: {}",
                missing.join(", "),
                reason.trim()
            ),
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// This move does not exist from this status.
    NotFromStatus {
        action: &'static str,
        status: Status,
    },
    /// This role may not make this move.
    Forbidden { action: &'static str, role: Role },
    /// The move needs a reason or text, and it was blank.
    ReasonRequired,
    /// The unit named does not exist (or is of the wrong kind for the move).
    UnknownUnit(String),
    /// Reopen after the 10-working-day window, or auto-finish before it.
    Window,
    /// A normative answer (`answer::AnswerCheck` finds a part missing) with no reason to send it
    /// anyway.
    Normative(AnswerCheck),
}

impl TransitionError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TransitionError::NotFromStatus { status, .. }, Lang::Id) => {
                format!(
                    "Tindakan ini tidak dapat dilakukan pada laporan berstatus \"{}\".",
                    status.label(Lang::Id)
                )
            }
            (TransitionError::NotFromStatus { status, .. }, Lang::En) => {
                format!(
                    "This action is not possible for a report with status \"{}\".",
                    status.label(Lang::En)
                )
            }
            (TransitionError::Forbidden { .. }, Lang::Id) => {
                "Peran Anda tidak berwenang melakukan tindakan ini.".into()
            }
            (TransitionError::Forbidden { .. }, Lang::En) => {
                "Your role may not take this action.".into()
            }
            (TransitionError::ReasonRequired, Lang::Id) => {
                "Alasan atau isi wajib diisi untuk tindakan ini.".into()
            }
            (TransitionError::ReasonRequired, Lang::En) => {
                "This action needs a reason or text.".into()
            }
            (TransitionError::UnknownUnit(u), Lang::Id) => {
                format!("Unit \"{u}\" tidak ada atau tidak sesuai untuk tindakan ini.")
            }
            (TransitionError::UnknownUnit(u), Lang::En) => {
                format!("Unit \"{u}\" does not exist or does not fit this action.")
            }
            (TransitionError::Window, Lang::Id) => {
                format!("Batas waktu {AUTO_FINISH_WORKING_DAYS} hari kerja setelah tindak lanjut menentukan tindakan ini: laporan dibuka kembali hanya sebelum batas itu, dan selesai otomatis sesudahnya.")
            }
            (TransitionError::Normative(check), lang) => check.problem(lang).unwrap_or_default(),
            (TransitionError::Window, Lang::En) => {
                format!("The {AUTO_FINISH_WORKING_DAYS}-working-day window after the answer decides this: a report can be reopened only before it ends and closes by itself after.")
            }
        }
    }
}

/// What the move needs to know beyond the status.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Now, as Unix seconds.
    pub now: i64,
    /// When the unit last answered (for reopen and auto-finish).
    pub answered_at: Option<i64>,
}

/// The outcome of a legal move: the new status, and the unit it now sits with when that changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub to: Status,
    pub unit: Option<UnitId>,
}

fn need(text: &str) -> Result<(), TransitionError> {
    if text.trim().is_empty() {
        Err(TransitionError::ReasonRequired)
    } else {
        Ok(())
    }
}

fn internal_unit(code: &str) -> Result<UnitId, TransitionError> {
    match crate::catalog::unit(code) {
        Some(u) if !u.is_external() && u.kind != crate::catalog::UnitKind::Pemkab => Ok(u.id()),
        _ => Err(TransitionError::UnknownUnit(code.to_string())),
    }
}

/// The 10-working-day window after an answer: open while today is at or before its last day.
pub fn reopen_window_open(answered_at: i64, now: i64) -> bool {
    let last = Date::from_unix_wib(answered_at).add_working_days(AUTO_FINISH_WORKING_DAYS);
    Date::from_unix_wib(now) <= last
}

/// The only way to a new status.
pub fn transition(
    from: Status,
    role: Role,
    action: &Action,
    ctx: Context,
) -> Result<Transition, TransitionError> {
    use Status::*;
    moves::allowed(action.kind(), role, from)?;
    let same = |to| Ok(Transition { to, unit: None });
    match action {
        Action::Verify => same(Terverifikasi),
        Action::Route { to } => Ok(Transition {
            to: Didisposisikan,
            unit: Some(internal_unit(to)?),
        }),
        Action::Reroute { to, reason } => {
            need(reason)?;
            Ok(Transition {
                to: Didisposisikan,
                unit: Some(internal_unit(to)?),
            })
        }
        Action::ReturnToCoordinator { reason } => {
            need(reason)?;
            Ok(Transition {
                to: Terverifikasi,
                unit: Some(crate::catalog::COORDINATOR),
            })
        }
        Action::Answer {
            text,
            override_reason,
        } => {
            need(text)?;
            let check = AnswerCheck::of(text);
            let overridden = override_reason
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty());
            if !check.is_complete() && !overridden {
                return Err(TransitionError::Normative(check));
            }
            same(Ditindaklanjuti)
        }
        Action::Accept => same(Selesai),
        Action::Reopen { reason } => {
            need(reason)?;
            match ctx.answered_at {
                Some(at) if reopen_window_open(at, ctx.now) => same(DibukaKembali),
                _ => Err(TransitionError::Window),
            }
        }
        Action::AutoFinish => match ctx.answered_at {
            Some(at) if !reopen_window_open(at, ctx.now) => same(Selesai),
            _ => Err(TransitionError::Window),
        },
        Action::NotAuthority { to, note: _ } => match crate::catalog::unit(to) {
            Some(u) if u.is_external() => Ok(Transition {
                to: BukanWewenang,
                unit: Some(u.id()),
            }),
            _ => Err(TransitionError::UnknownUnit(to.clone())),
        },
        Action::Merge { into } => {
            need(into)?;
            same(Digabung)
        }
        Action::Reject { reason } => {
            need(reason)?;
            same(Ditolak)
        }
    }
}

pub mod moves;
pub mod scope;

pub use moves::{available_actions, ActionKind, Event, Holder};
