//! Which reports an officer's role answers for: who sees what, who may pass a report where, and
//! whose eyes the reporter's identity reaches. The rules of who sees and acts live here, next to
//! the moves themselves.

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

/// The units whose reports an officer sees: `None` for the whole regency, else the officer's
/// unit and everything beneath it.
pub fn units_seen(role: Role, officer_unit: &'static Unit) -> Option<Vec<&'static Unit>> {
    if role.sees_all() {
        None
    } else {
        Some(officer_unit.subtree().collect())
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
