//! Which reports an officer's role answers for: who sees what, who may pass a report where, and
//! whose eyes the reporter's identity reaches. The rules of who sees and acts live here, next to
//! the moves themselves.

use super::Role;
use crate::catalog::{Unit, UnitKind};
use crate::report::Privacy;

/// What decides whether an officer may read a report.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// The unit the report is with now.
    pub unit: &'a Unit,
    pub privacy: Privacy,
    /// The coordinator has verified and routed it to a unit at least once (it then has a time
    /// since which it is with a unit).
    pub routed: bool,
}

/// Which reports an officer may open, as conditions that a store can also put in a query: the
/// one rule behind `can_read`, the queues, the detail, the photos and the monitoring lists.
#[derive(Debug, Clone, Copy)]
pub struct ReadFilter<'a> {
    /// `None`: every unit; `Some(u)`: the reports held within `u`'s subtree.
    pub within: Option<&'a Unit>,
    /// Only reports the coordinator has verified and routed to a unit at least once.
    pub routed_only: bool,
    /// Never reports of this privacy.
    pub hidden: Option<Privacy>,
}

impl ReadFilter<'_> {
    pub fn admits(&self, report: Seen) -> bool {
        self.within.is_none_or(|u| report.unit.is_within(u))
            && (!self.routed_only || report.routed)
            && self.hidden != Some(report.privacy)
    }
}

/// Is a report in the public lists, open data, feeds and "saya juga mengalami"? Its privacy
/// allows it, its status is not one that leaves public view (`Status::is_listed`) and it is not
/// held for review (`moderation::Hold`). The store keeps this as the `listed` column.
pub fn publicly_listed(
    privacy: Privacy,
    status: super::Status,
    held: Option<crate::moderation::Hold>,
) -> bool {
    privacy.is_listed() && status.is_listed() && held.is_none()
}

/// Does a report open by its code alone (without the reporter's code)? Not a confidential one,
/// and not one held for review.
pub fn shown_by_code(privacy: Privacy, held: Option<crate::moderation::Hold>) -> bool {
    privacy.is_listed() && held.is_none()
}

/// What an officer may open (`None`: nothing):
/// - the coordinator: every report;
/// - a handling unit (an OPD liaison, a bidang/UPT, a kecamatan or desa office): the reports
///   within its unit's subtree, once the coordinator has verified and routed them (before that a
///   report is the coordinator's alone, whatever its privacy);
/// - leadership: the reports within its unit's subtree (everything for the regency's top), except
///   confidential ones, which it sees only as numbers in monitoring.
pub fn read_filter(role: Role, officer_unit: &Unit) -> Option<ReadFilter<'_>> {
    match role {
        Role::Koordinator => Some(ReadFilter {
            within: None,
            routed_only: false,
            hidden: None,
        }),
        Role::PenghubungOpd | Role::PetugasUnit | Role::PetugasWilayah => Some(ReadFilter {
            within: Some(officer_unit),
            routed_only: true,
            hidden: None,
        }),
        Role::Pimpinan => Some(ReadFilter {
            within: Some(officer_unit),
            routed_only: false,
            hidden: Some(Privacy::Rahasia),
        }),
        Role::Pelapor | Role::Sistem => None,
    }
}

/// May this officer open this report (its title, story, photos, answers, history)?
pub fn can_read(role: Role, officer_unit: &Unit, report: Seen) -> bool {
    read_filter(role, officer_unit).is_some_and(|f| f.admits(report))
}

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

/// May this officer pass a report to `target`? The coordinator anywhere inside the regency;
/// an OPD liaison only down into its own OPD.
pub fn may_route_to(role: Role, officer_unit: &Unit, target: &Unit) -> bool {
    match role {
        Role::Koordinator => !target.is_external(),
        Role::PenghubungOpd => target.is_within(officer_unit),
        _ => false,
    }
}

/// Does the reporter's name and contact reach this role without asking? Only for a public
/// report. An anonymous or confidential reporter's identity reaches nobody by default, not even
/// the coordinator: it is opened one time at a time, with a reason the reporter reads
/// (`may_open_identity`).
pub fn sees_identity(_role: Role, privacy: Privacy) -> bool {
    privacy.shows_identity()
}

/// May this role open a hidden reporter's identity ("Buka identitas", with a reason that is
/// logged in the history and shown to the reporter)? The coordinator only; never a unit.
pub fn may_open_identity(role: Role) -> bool {
    role == Role::Koordinator
}

/// The status page's question to an anonymous or confidential reporter, and what it explains.
pub fn identity_question(lang: crate::Lang) -> (&'static str, &'static str) {
    match lang {
        crate::Lang::Id => (
            "Apakah identitas saya pernah dibuka?",
            "Identitas pelapor anonim dan rahasia tidak terlihat oleh petugas. Koordinator hanya dapat membukanya dengan alasan, dan setiap pembukaan tercatat di sini untuk Anda.",
        ),
        crate::Lang::En => (
            "Was my identity ever opened?",
            "An anonymous or confidential reporter's identity is hidden from officers. Only the coordinator can open it, with a reason, and every opening is listed here for you.",
        ),
    }
}

/// A coordinator's openings of hidden identities in one day (WIB) beyond which the other
/// coordinators are alerted (the operator's `IDENTITY_ALERT_PER_DAY`).
pub const IDENTITY_ALERT_PER_DAY_DEFAULT: u32 = 3;

/// "Identitas Anda dibuka 2×" — what the reporter reads on their status page.
pub fn identity_opened_text(times: usize, lang: crate::Lang) -> String {
    match (times, lang) {
        (0, crate::Lang::Id) => "Identitas Anda belum pernah dibuka oleh petugas.".into(),
        (0, crate::Lang::En) => "No officer has opened your identity.".into(),
        (n, crate::Lang::Id) => format!("Identitas Anda dibuka {n}×"),
        (n, crate::Lang::En) => format!("Your identity was opened {n}×"),
    }
}
