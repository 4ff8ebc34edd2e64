//! How a report moves: its statuses, who may move it, and the history each move leaves.
//!
//! `transition` is the only way to a new status. It knows the roles, the legal moves, the
//! required reasons, and the two time rules of the reporter (reopen within 10 working days of an
//! answer; after that the system finishes the report). Whether an officer's unit covers the
//! report is the caller's question (`Unit::is_within`), asked before calling this.

use crate::catalog::UnitId;
use crate::date::Date;
use crate::deadline::AUTO_FINISH_WORKING_DAYS;
use crate::text::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
}

/// Who acts. Officers' roles are bound to a unit by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    Route { to: String },
    Reroute { to: String, reason: String },
    ReturnToCoordinator { reason: String },
    Answer { text: String },
    Accept,
    Reopen { reason: String },
    AutoFinish,
    NotAuthority { to: String, note: String },
    Merge { into: String },
    Reject { reason: String },
}

impl Action {
    pub fn code(&self) -> &'static str {
        match self {
            Action::Verify => "verify",
            Action::Route { .. } => "route",
            Action::Reroute { .. } => "reroute",
            Action::ReturnToCoordinator { .. } => "return",
            Action::Answer { .. } => "answer",
            Action::Accept => "accept",
            Action::Reopen { .. } => "reopen",
            Action::AutoFinish => "auto_finish",
            Action::NotAuthority { .. } => "not_authority",
            Action::Merge { .. } => "merge",
            Action::Reject { .. } => "reject",
        }
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
}

impl TransitionError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TransitionError::NotFromStatus { status, .. }, Lang::Id) => {
                format!("Tindakan ini tidak dapat dilakukan pada laporan berstatus \"{}\".", status.label(Lang::Id))
            }
            (TransitionError::NotFromStatus { status, .. }, Lang::En) => {
                format!("This action is not possible for a report with status \"{}\".", status.label(Lang::En))
            }
            (TransitionError::Forbidden { .. }, Lang::Id) => "Peran Anda tidak berwenang melakukan tindakan ini.".into(),
            (TransitionError::Forbidden { .. }, Lang::En) => "Your role may not take this action.".into(),
            (TransitionError::ReasonRequired, Lang::Id) => "Alasan atau isi wajib diisi untuk tindakan ini.".into(),
            (TransitionError::ReasonRequired, Lang::En) => "This action needs a reason or text.".into(),
            (TransitionError::UnknownUnit(u), Lang::Id) => format!("Unit \"{u}\" tidak ada atau tidak sesuai untuk tindakan ini."),
            (TransitionError::UnknownUnit(u), Lang::En) => format!("Unit \"{u}\" does not exist or does not fit this action."),
            (TransitionError::Window, Lang::Id) => {
                "Batas waktu 10 hari kerja setelah tindak lanjut menentukan tindakan ini: laporan dibuka kembali hanya sebelum batas itu, dan selesai otomatis sesudahnya.".into()
            }
            (TransitionError::Window, Lang::En) => {
                "The 10-working-day window after the answer decides this: a report can be reopened only before it ends and closes by itself after.".into()
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
    let code = action.code();
    let forbidden = Err(TransitionError::Forbidden { action: code, role });
    let wrong_status = Err(TransitionError::NotFromStatus {
        action: code,
        status: from,
    });
    let same = |to| Ok(Transition { to, unit: None });
    match action {
        Action::Verify => match (role, from) {
            (Role::Koordinator, Diterima) => same(Terverifikasi),
            (Role::Koordinator, _) => wrong_status,
            _ => forbidden,
        },
        Action::Route { to } => match (role, from) {
            (Role::Koordinator, Terverifikasi) => Ok(Transition {
                to: Didisposisikan,
                unit: Some(internal_unit(to)?),
            }),
            (Role::Koordinator, _) => wrong_status,
            _ => forbidden,
        },
        Action::Reroute { to, reason } => match (role, from) {
            (Role::Koordinator | Role::PenghubungOpd, Didisposisikan | DibukaKembali) => {
                need(reason)?;
                Ok(Transition {
                    to: Didisposisikan,
                    unit: Some(internal_unit(to)?),
                })
            }
            (Role::Koordinator | Role::PenghubungOpd, _) => wrong_status,
            _ => forbidden,
        },
        Action::ReturnToCoordinator { reason } => match (role, from) {
            (
                Role::PenghubungOpd | Role::PetugasUnit | Role::PetugasWilayah,
                Didisposisikan | DibukaKembali,
            ) => {
                need(reason)?;
                Ok(Transition {
                    to: Terverifikasi,
                    unit: Some(crate::catalog::COORDINATOR),
                })
            }
            (Role::PenghubungOpd | Role::PetugasUnit | Role::PetugasWilayah, _) => wrong_status,
            _ => forbidden,
        },
        Action::Answer { text } => match (role, from) {
            (r, Didisposisikan | DibukaKembali) if r.is_handler() => {
                need(text)?;
                same(Ditindaklanjuti)
            }
            (r, _) if r.is_handler() => wrong_status,
            _ => forbidden,
        },
        Action::Accept => match (role, from) {
            (Role::Pelapor, Ditindaklanjuti) => same(Selesai),
            (Role::Pelapor, _) => wrong_status,
            _ => forbidden,
        },
        Action::Reopen { reason } => match (role, from) {
            (Role::Pelapor, Ditindaklanjuti) => {
                need(reason)?;
                match ctx.answered_at {
                    Some(at) if reopen_window_open(at, ctx.now) => same(DibukaKembali),
                    _ => Err(TransitionError::Window),
                }
            }
            (Role::Pelapor, _) => wrong_status,
            _ => forbidden,
        },
        Action::AutoFinish => match (role, from) {
            (Role::Sistem, Ditindaklanjuti) => match ctx.answered_at {
                Some(at) if !reopen_window_open(at, ctx.now) => same(Selesai),
                _ => Err(TransitionError::Window),
            },
            (Role::Sistem, _) => wrong_status,
            _ => forbidden,
        },
        Action::NotAuthority { to, note: _ } => match (role, from) {
            (Role::Koordinator, Diterima | Terverifikasi) => match crate::catalog::unit(to) {
                Some(u) if u.is_external() => Ok(Transition {
                    to: BukanWewenang,
                    unit: Some(u.id()),
                }),
                _ => Err(TransitionError::UnknownUnit(to.clone())),
            },
            (Role::Koordinator, _) => wrong_status,
            _ => forbidden,
        },
        Action::Merge { into } => match (role, from) {
            (Role::Koordinator, Diterima | Terverifikasi) => {
                need(into)?;
                same(Digabung)
            }
            (Role::Koordinator, _) => wrong_status,
            _ => forbidden,
        },
        Action::Reject { reason } => match (role, from) {
            (Role::Koordinator, Diterima | Terverifikasi) => {
                need(reason)?;
                same(Ditolak)
            }
            (Role::Koordinator, _) => wrong_status,
            _ => forbidden,
        },
    }
}

/// One hop in a report's history, as stored and shown. Officers' names are never part of the
/// public rendering; `actor` is for officers' eyes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: i64,
    pub action: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub role: Role,
    pub from_unit: Option<String>,
    pub to_unit: Option<String>,
    /// The reason or public text of the move.
    pub note: Option<String>,
    /// The officer's username; `None` for the reporter and the system.
    pub actor: Option<String>,
}

/// Which units an officer's role answers for. The rules of who sees and acts on what live here,
/// next to the moves themselves.
pub mod scope {
    use super::Role;
    use crate::catalog::{Unit, UnitKind};
    use crate::report::Privacy;

    /// Whether an officer may be bound to a unit of this kind with this role.
    pub fn role_fits_unit(role: Role, unit: &Unit) -> bool {
        match role {
            Role::Koordinator => unit.code == crate::catalog::coordinator().code,
            Role::PenghubungOpd => unit.kind == UnitKind::Opd,
            Role::PetugasUnit => matches!(
                unit.kind,
                UnitKind::Bidang | UnitKind::Upt | UnitKind::Bagian | UnitKind::Opd
            ),
            Role::PetugasWilayah => matches!(
                unit.kind,
                UnitKind::Kecamatan | UnitKind::Desa | UnitKind::Kelurahan
            ),
            Role::Pimpinan => !unit.is_external(),
            Role::Pelapor | Role::Sistem => false,
        }
    }

    /// May an officer see a report now held by `report_unit`? The coordinator and leadership see
    /// everything; everyone else only their unit's subtree.
    pub fn can_see(role: Role, officer_unit: &Unit, report_unit: &Unit) -> bool {
        match role {
            Role::Koordinator | Role::Pimpinan => true,
            Role::PenghubungOpd | Role::PetugasUnit | Role::PetugasWilayah => {
                report_unit.is_within(officer_unit)
            }
            Role::Pelapor | Role::Sistem => false,
        }
    }

    /// May this officer pass a report to `target`? The coordinator anywhere inside the regency;
    /// an OPD liaison only down into its own OPD.
    pub fn may_route_to(role: Role, officer_unit: &Unit, target: &Unit) -> bool {
        match role {
            Role::Koordinator => !target.is_external(),
            Role::PenghubungOpd => target.is_within(officer_unit),
            _ => false,
        }
    }

    /// Does the reporter's name and contact reach this role? Only the coordinator's, unless the
    /// report is public.
    pub fn sees_identity(role: Role, privacy: Privacy) -> bool {
        role == Role::Koordinator || privacy.shows_identity()
    }
}
