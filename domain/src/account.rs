//! Officers' accounts: what a valid account is (username, role bound to a fitting unit,
//! password, e-mail). The coordinator's screen checks it as they type; the server before it
//! stores anything.

use crate::catalog::{self, Unit};
use crate::lifecycle::{scope, Role};
use crate::report::{normalize_email, FieldError};
use crate::Lang;

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 40;
pub const PASSWORD_MIN: usize = 10;

fn username_ok(u: &str) -> bool {
    (USERNAME_MIN..=USERNAME_MAX).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// Checks an account's fields; every problem comes back addressed to its field.
pub fn check(
    username: &str,
    role: &str,
    unit: &str,
    password: Option<&str>,
    email: Option<&str>,
) -> Result<(Role, &'static Unit), Vec<FieldError>> {
    let mut errs = Vec::new();
    let fe = |f: &str, id: String, en: String| FieldError::new(f, "invalid", id, en);
    if !username_ok(username) {
        errs.push(fe(
            "username",
            format!("Nama pengguna {USERNAME_MIN}–{USERNAME_MAX} karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung."),
            format!("Username: {USERNAME_MIN}–{USERNAME_MAX} lowercase letters, digits, '.', '_' or '-'."),
        ));
    }
    let role_v = Role::parse_officer(role);
    if role_v.is_none() {
        let codes: Vec<&str> = Role::OFFICERS.iter().map(|r| r.code()).collect();
        errs.push(fe(
            "role",
            format!(
                "Peran \"{role}\" tidak dikenal. Pilih salah satu: {}.",
                codes.join(", ")
            ),
            format!(
                "Unknown role \"{role}\". Choose one of: {}.",
                codes.join(", ")
            ),
        ));
    }
    let unit_v = catalog::unit(unit);
    match (role_v, unit_v) {
        (_, None) => errs.push(fe(
            "unit",
            format!("Unit \"{unit}\" tidak ada dalam katalog."),
            format!("Unit \"{unit}\" is not in the catalog."),
        )),
        (Some(r), Some(u)) if !scope::role_fits_unit(r, u) => errs.push(fe(
            "unit",
            format!(
                "Peran {} tidak dapat ditempatkan di {}.",
                r.label(Lang::Id),
                u.display_name(Lang::Id)
            ),
            format!(
                "Role {} cannot be bound to {}.",
                r.label(Lang::En),
                u.display_name(Lang::En)
            ),
        )),
        _ => {}
    }
    if let Some(p) = password {
        if p.chars().count() < PASSWORD_MIN {
            errs.push(fe(
                "password",
                format!("Kata sandi minimal {PASSWORD_MIN} karakter."),
                format!("The password needs at least {PASSWORD_MIN} characters."),
            ));
        }
    }
    if let Some(e) = email.filter(|e| !e.is_empty()) {
        if normalize_email(e).is_none() {
            errs.push(fe(
                "email",
                format!("Alamat e-mail \"{e}\" tidak valid."),
                format!("E-mail address \"{e}\" is not valid."),
            ));
        }
    }
    match (role_v, unit_v, errs.is_empty()) {
        (Some(r), Some(u), true) => Ok((r, u)),
        _ => Err(errs),
    }
}

/// A change to an officer's account, as the audit log keeps it (`wire::AccountEvent`): who
/// made it is recorded beside it, never a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created {
        role: Role,
        unit: &'static str,
    },
    RoleChanged {
        from: Role,
        to: Role,
    },
    UnitChanged {
        from: String,
        to: String,
    },
    Disabled,
    Enabled,
    PasswordReset,
    /// Name or e-mail.
    DetailsChanged,
    /// Its failed logins forgotten (the lock lifted).
    Unlocked,
    /// Two-step sign-in turned on (`totp`), with new recovery codes.
    TotpEnabled,
    /// Two-step sign-in reset by a coordinator (a lost phone): enrolled again at the next login.
    TotpReset,
    /// A recovery code was used to sign in.
    RecoveryCodeUsed,
}

impl Change {
    /// The stable code stored and sent.
    pub fn code(&self) -> &'static str {
        match self {
            Change::Created { .. } => "created",
            Change::RoleChanged { .. } => "role_changed",
            Change::UnitChanged { .. } => "unit_changed",
            Change::Disabled => "disabled",
            Change::Enabled => "enabled",
            Change::PasswordReset => "password_reset",
            Change::DetailsChanged => "details_changed",
            Change::Unlocked => "unlocked",
            Change::TotpEnabled => "totp_enabled",
            Change::TotpReset => "totp_reset",
            Change::RecoveryCodeUsed => "recovery_code_used",
        }
    }

    /// What happened, in words (stored in Indonesian with the event; the codes stay).
    pub fn describe(&self, lang: Lang) -> String {
        let unit_name =
            |c: &str| catalog::unit(c).map_or_else(|| c.to_string(), |u| u.display_name(lang));
        match (self, lang) {
            (Change::Created { role, unit }, Lang::Id) => {
                format!("Akun dibuat: {}, {}", role.label(lang), unit_name(unit))
            }
            (Change::Created { role, unit }, Lang::En) => {
                format!("Account created: {}, {}", role.label(lang), unit_name(unit))
            }
            (Change::RoleChanged { from, to }, Lang::Id) => {
                format!("Peran diubah: {} → {}", from.label(lang), to.label(lang))
            }
            (Change::RoleChanged { from, to }, Lang::En) => {
                format!("Role changed: {} → {}", from.label(lang), to.label(lang))
            }
            (Change::UnitChanged { from, to }, Lang::Id) => {
                format!("Unit diubah: {} → {}", unit_name(from), unit_name(to))
            }
            (Change::UnitChanged { from, to }, Lang::En) => {
                format!("Unit changed: {} → {}", unit_name(from), unit_name(to))
            }
            (Change::Disabled, Lang::Id) => "Akun dinonaktifkan".into(),
            (Change::Disabled, Lang::En) => "Account disabled".into(),
            (Change::Enabled, Lang::Id) => "Akun diaktifkan kembali".into(),
            (Change::Enabled, Lang::En) => "Account enabled again".into(),
            (Change::PasswordReset, Lang::Id) => "Kata sandi diganti".into(),
            (Change::PasswordReset, Lang::En) => "Password reset".into(),
            (Change::DetailsChanged, Lang::Id) => "Nama atau e-mail diubah".into(),
            (Change::DetailsChanged, Lang::En) => "Name or e-mail changed".into(),
            (Change::Unlocked, Lang::Id) => "Kunci masuk dibuka (percobaan gagal dihapus)".into(),
            (Change::Unlocked, Lang::En) => "Login lock lifted (failed attempts cleared)".into(),
            (Change::TotpEnabled, Lang::Id) => "Verifikasi dua langkah diaktifkan".into(),
            (Change::TotpEnabled, Lang::En) => "Two-step sign-in turned on".into(),
            (Change::TotpReset, Lang::Id) => {
                "Verifikasi dua langkah disetel ulang (daftar lagi saat masuk)".into()
            }
            (Change::TotpReset, Lang::En) => {
                "Two-step sign-in reset (enrol again at the next login)".into()
            }
            (Change::RecoveryCodeUsed, Lang::Id) => "Masuk dengan kode pemulihan".into(),
            (Change::RecoveryCodeUsed, Lang::En) => "Signed in with a recovery code".into(),
        }
    }
}

/// An account as it was and as it is after an update.
pub struct Snapshot<'a> {
    pub role: Role,
    pub unit: &'a str,
    pub active: bool,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
}

/// The changes an update made, in the order the log shows them (a password given is a reset).
pub fn changes(before: &Snapshot, after: &Snapshot, password_reset: bool) -> Vec<Change> {
    let mut out = Vec::new();
    if before.role != after.role {
        out.push(Change::RoleChanged {
            from: before.role,
            to: after.role,
        });
    }
    if before.unit != after.unit {
        out.push(Change::UnitChanged {
            from: before.unit.to_string(),
            to: after.unit.to_string(),
        });
    }
    match (before.active, after.active) {
        (true, false) => out.push(Change::Disabled),
        (false, true) => out.push(Change::Enabled),
        _ => {}
    }
    if password_reset {
        out.push(Change::PasswordReset);
    }
    if before.display_name != after.display_name || before.email != after.email {
        out.push(Change::DetailsChanged);
    }
    out
}

#[cfg(test)]
mod change_tests {
    use super::*;

    #[test]
    fn an_update_is_logged_change_by_change() {
        let before = Snapshot {
            role: Role::PetugasUnit,
            unit: "dishub-udara",
            active: true,
            display_name: "Ani",
            email: None,
        };
        let after = Snapshot {
            role: Role::PenghubungOpd,
            unit: "dishub",
            active: false,
            display_name: "Ani",
            email: None,
        };
        let c = changes(&before, &after, true);
        let codes: Vec<_> = c.iter().map(Change::code).collect();
        assert_eq!(
            codes,
            ["role_changed", "unit_changed", "disabled", "password_reset"]
        );
        assert!(
            c[1].describe(Lang::Id).contains("Bidang Perhubungan Udara"),
            "{}",
            c[1].describe(Lang::Id)
        );
        assert!(changes(&before, &before, false).is_empty());
    }
}
