//! Tracking codes and reporter secrets.
//!
//! A tracking code is 8 random characters and 1 check character from a 31-character alphabet
//! without look-alikes (no I, L, O, U, Y), written `7K4-M2Q-XPA`: easy to read aloud, type on a
//! phone keypad, and unguessable (31^8 ≈ 8.5·10^11 codes). The check character is a weighted sum
//! modulo 31 (a prime), so every single mistyped character and every swap of two neighbours is
//! caught, and a mistyped code can be corrected by trying the few candidates that check out.

use serde::{Deserialize, Serialize};

pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKMNPQRSTVWXZ";
const DATA_LEN: usize = 8;
/// Characters in a tracking code, without its dashes ("Masukkan kode pelacakan 9 karakter").
pub const CODE_LEN: usize = DATA_LEN + 1;

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Σ (i+1)·vᵢ over all 9 characters, which is 0 mod 31 for a valid code.
fn weighted_sum(chars: &[u8]) -> u32 {
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as u32 + 1) * value(c).unwrap_or(0))
        .sum::<u32>()
        % 31
}

fn check_char(data: &[u8]) -> u8 {
    let s = data
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as u32 + 1) * value(c).unwrap())
        .sum::<u32>()
        % 31;
    // 9·c ≡ -s (mod 31); 9⁻¹ ≡ 7 (mod 31) since 63 = 2·31 + 1.
    let c = ((31 - s) % 31) * 7 % 31;
    ALPHABET[c as usize]
}

/// A tracking code whose check character is correct. Stored and sent as 9 characters without
/// dashes; displayed with dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingCode(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Wrong number of characters after removing spaces and dashes.
    Length(usize),
    /// A character that is not in the alphabet.
    Character(char),
    /// Every character is valid but the check character does not match: a typo. `candidates`
    /// are the valid codes one substitution or one neighbour swap away.
    Check { candidates: Vec<TrackingCode> },
}

impl CodeError {
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang::*;
        match (self, lang) {
            (CodeError::Length(n), Id) => format!("Kode pelacakan terdiri dari 9 karakter, yang Anda tulis {n}. Periksa kembali kodenya."),
            (CodeError::Length(n), En) => format!("A tracking code has 9 characters; you typed {n}. Please check it."),
            (CodeError::Character(c), Id) => format!("Karakter \"{c}\" tidak dipakai dalam kode pelacakan. Periksa kembali kodenya."),
            (CodeError::Character(c), En) => format!("\"{c}\" is never used in tracking codes. Please check the code."),
            (CodeError::Check { .. }, Id) => "Kode pelacakan tidak cocok: kemungkinan ada satu karakter yang salah ketik.".to_string(),
            (CodeError::Check { .. }, En) => "The tracking code does not check out: probably one character is mistyped.".to_string(),
        }
    }
}

/// Upper-cases, drops spaces and dashes, and maps look-alikes (O→0, I/L→1).
fn normalize(input: &str) -> Vec<u8> {
    input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '_'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .map(|c| if c.is_ascii() { c as u8 } else { 0 })
        .collect()
}

impl TrackingCode {
    /// A new code from 8 random bytes (the caller's CSPRNG; the domain has no randomness).
    pub fn generate(random: [u8; 8]) -> TrackingCode {
        let mut n = u64::from_le_bytes(random);
        let mut data = [0u8; DATA_LEN];
        for d in data.iter_mut() {
            *d = ALPHABET[(n % 31) as usize];
            n /= 31;
        }
        let mut s = String::from_utf8(data.to_vec()).unwrap();
        s.push(check_char(&data) as char);
        TrackingCode(s)
    }

    /// Reads a code as typed by a person.
    pub fn parse(input: &str) -> Result<TrackingCode, CodeError> {
        let chars = normalize(input);
        if chars.len() != CODE_LEN {
            return Err(CodeError::Length(chars.len()));
        }
        if let Some(&bad) = chars.iter().find(|&&c| value(c).is_none()) {
            let shown = input
                .chars()
                .find(|c| normalize(&c.to_string()).first() == Some(&bad))
                .unwrap_or('?');
            return Err(CodeError::Character(shown));
        }
        if weighted_sum(&chars) == 0 {
            return Ok(TrackingCode(String::from_utf8(chars).unwrap()));
        }
        let mut candidates = Vec::new();
        for i in 0..CODE_LEN {
            for &alt in ALPHABET.iter().filter(|&&a| a != chars[i]) {
                let mut c = chars.clone();
                c[i] = alt;
                if weighted_sum(&c) == 0 {
                    candidates.push(TrackingCode(String::from_utf8(c).unwrap()));
                }
            }
            if i + 1 < CODE_LEN && chars[i] != chars[i + 1] {
                let mut c = chars.clone();
                c.swap(i, i + 1);
                if weighted_sum(&c) == 0 {
                    candidates.push(TrackingCode(String::from_utf8(c).unwrap()));
                }
            }
        }
        crate::sort::sort_by(&mut candidates, |a, b| a.cmp(b));
        candidates.dedup();
        Err(CodeError::Check { candidates })
    }

    /// The 9 characters without dashes, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `7K4-M2Q-XPA`.
    pub fn display(&self) -> String {
        format!("{}-{}-{}", &self.0[0..3], &self.0[3..6], &self.0[6..9])
    }
}

impl std::fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl TryFrom<String> for TrackingCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        TrackingCode::parse(&s).map_err(|e| e.message(crate::Lang::En))
    }
}

impl From<TrackingCode> for String {
    fn from(c: TrackingCode) -> String {
        c.0
    }
}

/// The secret that, with the tracking code, opens a confidential report to its reporter:
/// 16 characters (≈79 bits) written `ABCD-EFGH-JKMN-PQRS`.
pub fn generate_secret(random: [u8; 16]) -> String {
    let mut n = u128::from_le_bytes(random);
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[(n % 31) as usize] as char);
        n /= 31;
    }
    out
}

/// A secret as typed, normalised for comparison with the stored one (dashes and case ignored).
pub fn normalize_secret(input: &str) -> String {
    let chars = normalize(input);
    let mut out = String::with_capacity(19);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(*c as char);
    }
    out
}
