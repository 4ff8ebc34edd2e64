//! Two-step sign-in for officers: time-based one-time codes (TOTP, RFC 6238: HMAC-SHA1, 30-second
//! steps, 6 digits — what every authenticator app makes) and one-time recovery codes for a lost
//! phone. Required for the roles that see the most (`required`), optional for the others.
//!
//! A code is accepted for the current step and one step either side (a phone's clock drifts), and
//! never for a step at or before the last one accepted for that account: a code seen over a
//! shoulder or in a log cannot be used again.

use crate::lifecycle::Role;
use crate::Lang;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECS: i64 = 30;
/// Digits in a code.
pub const DIGITS: u32 = 6;
/// Steps either side of now that are still accepted.
pub const WINDOW: i64 = 1;
/// Bytes of a new secret (160 bits, RFC 4226's recommendation).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes made at enrolment; each works once.
pub const RECOVERY_CODES: usize = 10;
/// The issuer an authenticator app shows.
pub const ISSUER: &str = "Lapor Natuna";

/// Must this role sign in with a second step? The coordinator (who can open identities and
/// manage accounts) and the leadership.
pub fn required(role: Role) -> bool {
    matches!(role, Role::Koordinator | Role::Pimpinan)
}

/// The step a Unix time falls in.
pub fn step_of(now: i64) -> i64 {
    now.div_euclid(STEP_SECS)
}

/// The code of `secret` for `step` (RFC 4226's HOTP with the step as the counter).
pub fn code(secret: &[u8], step: i64) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    bin % 10u32.pow(DIGITS)
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not six digits.
    Malformed,
    /// Not the code of any step in the window.
    Wrong,
    /// The code of a step already used.
    Replayed,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::Malformed | Refused::Wrong => "otp_invalid",
            Refused::Replayed => "otp_replayed",
        }
    }
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Refused::Malformed, Lang::Id) => "Kode verifikasi berupa 6 angka dari aplikasi autentikator Anda (atau salah satu kode pemulihan).",
            (Refused::Malformed, Lang::En) => "The verification code is the 6 digits from your authenticator app (or one of your recovery codes).",
            (Refused::Wrong, Lang::Id) => "Kode verifikasi salah atau sudah kedaluwarsa. Masukkan kode yang sedang tampil di aplikasi autentikator Anda.",
            (Refused::Wrong, Lang::En) => "The verification code is wrong or expired. Enter the code your authenticator app shows now.",
            (Refused::Replayed, Lang::Id) => "Kode verifikasi ini sudah dipakai. Tunggu kode berikutnya di aplikasi autentikator Anda.",
            (Refused::Replayed, Lang::En) => "This verification code was used already. Wait for the next code in your authenticator app.",
        }
    }
}

/// The six digits someone typed ("123 456" and "123456" alike), if that is what it is.
pub fn digits(input: &str) -> Option<u32> {
    let d: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (d.len() == DIGITS as usize && d.bytes().all(|b| b.is_ascii_digit()))
        .then(|| d.parse().ok())
        .flatten()
}

/// Checks a typed code at `now`; the step it matched, to remember as the last one used.
pub fn check(secret: &[u8], input: &str, now: i64, last_step: Option<i64>) -> Result<i64, Refused> {
    let typed = digits(input).ok_or(Refused::Malformed)?;
    let now = step_of(now);
    let matched = (now - WINDOW..=now + WINDOW).find(|s| code(secret, *s) == typed);
    match matched {
        None => Err(Refused::Wrong),
        Some(s) if last_step.is_some_and(|l| s <= l) => Err(Refused::Replayed),
        Some(s) => Ok(s),
    }
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding: how authenticator apps take a secret.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads base32 (any case, spaces ignored), as an authenticator app reads a typed key.
pub fn from_base32(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = BASE32
            .iter()
            .position(|b| *b as char == c.to_ascii_uppercase())? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The `otpauth://` address a QR code carries to an authenticator app.
pub fn otpauth_uri(username: &str, secret: &[u8]) -> String {
    let label: String = username
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!(
        "otpauth://totp/Lapor%20Natuna:{label}?secret={}&issuer=Lapor%20Natuna&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        base32(secret)
    )
}

/// Letters and digits a person does not confuse (no 0/O, 1/I/L).
const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A recovery code from 10 random bytes: "k7m2p-x9d4q".
pub fn recovery_code(random: &[u8; 10]) -> String {
    let chars: String = random
        .iter()
        .map(|b| RECOVERY_ALPHABET[(*b as usize) % RECOVERY_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// A typed recovery code as stored (lower case, no spaces or dashes), if it looks like one.
pub fn recovery_input(input: &str) -> Option<String> {
    let c: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (c.len() == 10 && c.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B (SHA1, the 8-digit codes' last six digits).
        let secret = b"12345678901234567890";
        for (t, eight) in [
            (59, 94287082u32),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(code(secret, step_of(t)), eight % 1_000_000, "T = {t}");
        }
    }

    #[test]
    fn a_code_is_taken_within_a_step_either_side_and_never_twice() {
        let secret = [7u8; SECRET_BYTES];
        let now = 1_764_900_015;
        let s = step_of(now);
        let c = |step| format!("{:06}", code(&secret, step));
        assert_eq!(check(&secret, &c(s), now, None), Ok(s));
        assert_eq!(check(&secret, &c(s - 1), now, None), Ok(s - 1));
        assert_eq!(check(&secret, &c(s + 1), now, None), Ok(s + 1));
        assert_eq!(check(&secret, &c(s - 2), now, None), Err(Refused::Wrong));
        assert_eq!(check(&secret, &c(s), now, Some(s)), Err(Refused::Replayed));
        assert_eq!(
            check(&secret, &c(s - 1), now, Some(s - 1)),
            Err(Refused::Replayed)
        );
        assert_eq!(
            check(&secret, &c(s + 1), now, Some(s)),
            Ok(s + 1),
            "the next step's code after a login in this one"
        );
        let spaced = format!("{} {}", &c(s)[..3], &c(s)[3..]);
        assert_eq!(check(&secret, &spaced, now, None), Ok(s));
        assert_eq!(check(&secret, "12345", now, None), Err(Refused::Malformed));
        assert_eq!(check(&secret, "12345a", now, None), Err(Refused::Malformed));
    }

    #[test]
    fn base32_matches_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"fo"), "MZXQ");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        for b in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"foob",
            b"fooba",
            b"foobar",
            &[0xff; 20],
        ] {
            assert_eq!(from_base32(&base32(b)).as_deref(), Some(b));
        }
        assert_eq!(from_base32("mzxw 6ytb oi").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(from_base32("MZ1"), None);
        let uri = otpauth_uri("koor dinas", b"12345678901234567890");
        assert!(uri.starts_with("otpauth://totp/Lapor%20Natuna:koor%20dinas?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"), "{uri}");
    }

    #[test]
    fn recovery_codes_read_back_however_typed() {
        let c = recovery_code(&[0, 1, 2, 3, 4, 250, 251, 252, 253, 254]);
        assert_eq!(c.len(), 11);
        let stored = recovery_input(&c).unwrap();
        assert_eq!(recovery_input(&c.to_uppercase()), Some(stored.clone()));
        assert_eq!(
            recovery_input(&format!(" {} ", c.replace('-', " "))),
            Some(stored)
        );
        assert_eq!(recovery_input("123456"), None);
        assert_eq!(
            recovery_input("abcde-fghi0"),
            None,
            "0 is not in the alphabet"
        );
    }

    #[test]
    fn coordinators_and_leadership_must_use_it() {
        assert!(required(Role::Koordinator) && required(Role::Pimpinan));
        assert!(
            !required(Role::PetugasUnit)
                && !required(Role::PenghubungOpd)
                && !required(Role::PetugasWilayah)
        );
    }
}
