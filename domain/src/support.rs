//! "Saya juga mengalami": before sending, a citizen is shown public reports like theirs — the
//! same category, in the same kecamatan (their own desa first), from the last 30 days, not
//! closed — and may add their support to one instead of filing a duplicate. A support counts
//! once per device, never says who gave it, and, with a phone or e-mail, follows that report's
//! status changes.

use crate::lifecycle::Status;
use crate::report::{contact_email, contact_phone, FieldError};
use crate::wire::SupportRequest;

/// How far back similar reports are looked for.
pub const WINDOW_DAYS: u32 = 30;
/// How many similar reports are shown.
pub const SHOWN: usize = 5;
/// Supporters of one report who may follow it (beyond this, support still counts but adds no
/// one to notify: one report's status change never fans out without bound).
pub const MAX_FOLLOWERS: u32 = 200;
/// A device's id: made by the app once per device (random), `[A-Za-z0-9_-]`, this long.
pub const DEVICE_LEN: std::ops::RangeInclusive<usize> = 16..=64;

/// Is this a device id as the app makes them?
pub fn is_device(d: &str) -> bool {
    DEVICE_LEN.contains(&d.len())
        && d.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What a device id that is not one gets (a support, a flag).
pub fn device_error() -> FieldError {
    FieldError::new(
        "device",
        "invalid",
        format!(
            "Tanda perangkat tidak valid: harus {}–{} huruf, angka, \"-\" atau \"_\". Muat ulang halaman lalu coba lagi.",
            DEVICE_LEN.start(),
            DEVICE_LEN.end()
        ),
        format!(
            "Invalid device id: it must be {}–{} letters, digits, \"-\" or \"_\". Reload the page and try again.",
            DEVICE_LEN.start(),
            DEVICE_LEN.end()
        ),
    )
}

/// The oldest creation time (Unix seconds) a similar report may have at `now`.
pub fn window_start(now: i64) -> i64 {
    now - i64::from(WINDOW_DAYS) * 86_400
}

/// May a report in this status be shown as similar, and be supported? Only while it is open.
pub fn is_open(status: Status) -> bool {
    !status.is_terminal()
}

/// A checked support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    pub device: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Support {
    /// Checks a request: the device id, and the phone and e-mail if given.
    pub fn parse(r: &SupportRequest) -> Result<Support, Vec<FieldError>> {
        let mut errors = Vec::new();
        let device = r.device.trim();
        if !is_device(device) {
            errors.push(device_error());
        }
        let phone = contact_phone(&r.phone, "phone").unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let email = contact_email(&r.email, "email").unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Support {
            device: device.to_string(),
            phone,
            email,
        })
    }

    /// Whether this supporter asked to follow the report.
    pub fn follows(&self) -> bool {
        self.phone.is_some() || self.email.is_some()
    }
}

/// How a report's supporters are shown (public page, lists, officers' queue); none for 0.
pub fn count_text(n: u32, lang: crate::Lang) -> Option<String> {
    (n > 0).then(|| match lang {
        crate::Lang::Id => format!("{n} orang juga mengalami"),
        crate::Lang::En if n == 1 => "1 person has this problem too".to_string(),
        crate::Lang::En => format!("{n} people have this problem too"),
    })
}

/// Similar reports in the order they are shown: the citizen's own desa first, then the rest of
/// the kecamatan, newest first within each; at most `SHOWN`.
pub fn rank<T>(
    mut items: Vec<T>,
    same_desa: impl Fn(&T) -> bool,
    created: impl Fn(&T) -> i64,
) -> Vec<T> {
    items.sort_by_key(|t| (!same_desa(t), std::cmp::Reverse(created(t))));
    items.truncate(SHOWN);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(device: &str, phone: Option<&str>, email: Option<&str>) -> SupportRequest {
        SupportRequest {
            device: device.into(),
            phone: phone.map(String::from),
            email: email.map(String::from),
        }
    }

    #[test]
    fn a_device_id_is_checked() {
        assert!(Support::parse(&req("abcdefghijklmnop", None, None)).is_ok());
        for bad in [
            "",
            "short",
            "abc def ghi jkl mno",
            &"x".repeat(65),
            "abcdefghijklmno<",
        ] {
            let e = Support::parse(&req(bad, None, None)).unwrap_err();
            assert_eq!(e[0].field, "device", "{bad:?}");
        }
    }

    #[test]
    fn contacts_are_normalized_or_refused_by_field() {
        let s = Support::parse(&req(
            "abcdefghijklmnop",
            Some("0812 3456 7890"),
            Some(" A@Contoh.COM "),
        ))
        .unwrap();
        assert_eq!(s.phone.as_deref(), Some("+6281234567890"));
        assert!(s.follows());
        let e = Support::parse(&req("abcdefghijklmnop", Some("12"), Some("nope"))).unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["phone", "email"]);
        assert!(e[0].message_id.contains("Nomor telepon"));
        assert!(!Support::parse(&req("abcdefghijklmnop", Some(" "), None))
            .unwrap()
            .follows());
    }

    #[test]
    fn own_desa_first_then_newest() {
        let items = vec![
            ("a", false, 5),
            ("b", true, 1),
            ("c", false, 9),
            ("d", true, 3),
        ];
        let r = rank(items.clone(), |t| t.1, |t| t.2);
        let order: Vec<_> = r.iter().map(|t| t.0).collect();
        assert_eq!(order, ["d", "b", "c", "a"]);
        let many: Vec<_> = (0..9).map(|i| ("x", false, i)).collect();
        assert_eq!(rank(many, |t| t.1, |t| t.2).len(), SHOWN);
    }

    #[test]
    fn closed_reports_are_not_offered() {
        assert!(is_open(Status::Didisposisikan));
        assert!(is_open(Status::DibukaKembali));
        assert!(!is_open(Status::Selesai));
        assert!(!is_open(Status::Digabung));
        assert_eq!(window_start(30 * 86_400), 0);
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count_text(0, crate::Lang::Id), None);
        assert_eq!(
            count_text(3, crate::Lang::Id).unwrap(),
            "3 orang juga mengalami"
        );
        assert_eq!(
            count_text(1, crate::Lang::En).unwrap(),
            "1 person has this problem too"
        );
    }
}
