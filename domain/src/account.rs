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
