//! The tamper-evident history: one chain over every history entry of the service.
//!
//! Each entry's `hash` is SHA-256 of the previous entry's hash and the entry's own content hash
//! (the first entry's previous hash is 32 zero bytes), so changing, removing or inserting any
//! stored entry changes every hash after it. The hash of the last entry of a day (WIB) is that
//! day's *head*; heads are published (`/statistik`, open data), and a citizen's proof
//! (`wire::ChainProof`) links their report's entries to a published head.
//!
//! An entry's content is split so that a proof can be checked by anyone without revealing what
//! officers alone may see: the *open* part (the fields the public timeline shows) is given in the
//! proof; the *sealed* part (a random salt, the officer's role and name, an internal note) is
//! given only as its digest. The salt makes that digest impossible to guess from a short list of
//! names. An entry the public does not see at all is given as its content hash only.
//!
//! The encoding is fixed here, once: every field is `len:bytes` (its UTF-8 length in decimal, a
//! colon, the bytes) or `-` when absent, in the order below, after the version tag.

use crate::wire::{ChainProof, ProofEntry};
use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// The previous hash of the very first entry.
pub const GENESIS: Hash = [0; 32];

/// Names this encoding; a change of encoding is a new tag.
pub const VERSION: &str = "lapor-natuna/riwayat/1";

/// The most links one proof may carry (a day's entries after the report's first entry that day;
/// Natuna writes a few hundred a day).
pub const MAX_PROOF_LINKS: usize = 20_000;

/// One history entry as stored: codes and text exactly as in the history table.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub code: &'a str,
    pub at: i64,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub role: &'a str,
    pub from_unit: Option<&'a str>,
    pub to_unit: Option<&'a str>,
    pub note: Option<&'a str>,
    pub actor: Option<&'a str>,
    pub is_public: bool,
    /// Random, hex; stored with the entry, never published.
    pub salt: &'a str,
}

fn field(out: &mut Vec<u8>, v: Option<&str>) {
    match v {
        Some(s) => {
            out.extend_from_slice(s.len().to_string().as_bytes());
            out.push(b':');
            out.extend_from_slice(s.as_bytes());
        }
        None => out.push(b'-'),
    }
}

/// The fields a public entry shows, as the proof gives them.
#[derive(Debug, Clone, Copy)]
pub struct Open<'a> {
    pub code: &'a str,
    pub at: i64,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub from_unit: Option<&'a str>,
    pub to_unit: Option<&'a str>,
    pub is_public: bool,
    /// The note when the entry is public; `None` otherwise (it is sealed then).
    pub note: Option<&'a str>,
}

impl Open<'_> {
    /// The content hash from the open fields and the sealed part's digest.
    pub fn content(&self, sealed: &Hash) -> Hash {
        let mut b = Vec::with_capacity(128);
        field(&mut b, Some(VERSION));
        field(&mut b, Some(self.code));
        field(&mut b, Some(&self.at.to_string()));
        field(&mut b, Some(self.action));
        field(&mut b, self.from_status);
        field(&mut b, Some(self.to_status));
        field(&mut b, self.from_unit);
        field(&mut b, self.to_unit);
        field(&mut b, Some(if self.is_public { "1" } else { "0" }));
        field(&mut b, self.note);
        let mut h = Sha256::new();
        h.update(&b);
        h.update(sealed);
        h.finalize().into()
    }
}

impl<'a> Entry<'a> {
    pub fn open(&self) -> Open<'a> {
        Open {
            code: self.code,
            at: self.at,
            action: self.action,
            from_status: self.from_status,
            to_status: self.to_status,
            from_unit: self.from_unit,
            to_unit: self.to_unit,
            is_public: self.is_public,
            note: self.note.filter(|_| self.is_public),
        }
    }

    /// The digest of what only officers see: salt, role, actor, an internal note.
    pub fn sealed(&self) -> Hash {
        let mut b = Vec::with_capacity(96);
        field(&mut b, Some(self.salt));
        field(&mut b, Some(self.role));
        field(&mut b, self.actor);
        field(&mut b, self.note.filter(|_| !self.is_public));
        Sha256::digest(&b).into()
    }

    pub fn content(&self) -> Hash {
        self.open().content(&self.sealed())
    }
}

/// The entry's hash: the previous entry's hash and this entry's content hash.
pub fn link(prev: &Hash, content: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(content);
    h.finalize().into()
}

/// A stored entry's hashes, checked against the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// The stored content hash is not the hash of the stored fields: the entry was edited.
    Content,
    /// The stored hash does not follow from the previous entry's: an entry before it was
    /// removed or inserted, or this hash was rewritten.
    Link,
    /// A hash is missing or not 64 hex digits.
    Unreadable,
}

impl Broken {
    pub fn message(&self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (Broken::Content, crate::Lang::Id) => "isinya diubah setelah dicatat (sidik isi tidak cocok)",
            (Broken::Content, crate::Lang::En) => "its content was changed after it was written (content hash mismatch)",
            (Broken::Link, crate::Lang::Id) => "tautannya ke entri sebelumnya tidak cocok (entri sebelumnya dihapus, disisipkan, atau sidiknya diubah)",
            (Broken::Link, crate::Lang::En) => "its link to the previous entry does not match (an entry before it was removed or inserted, or its hash rewritten)",
            (Broken::Unreadable, crate::Lang::Id) => "sidiknya kosong atau rusak",
            (Broken::Unreadable, crate::Lang::En) => "its hash is missing or malformed",
        }
    }
}

/// Checks one stored entry after `prev` (the previous entry's stored hash); the entry's hash on
/// success, to check the next one against.
pub fn check(
    prev: &Hash,
    e: &Entry,
    content: Option<&str>,
    hash: Option<&str>,
) -> Result<Hash, Broken> {
    let content = content.and_then(from_hex).ok_or(Broken::Unreadable)?;
    let hash = hash.and_then(from_hex).ok_or(Broken::Unreadable)?;
    if e.content() != content {
        return Err(Broken::Content);
    }
    if link(prev, &content) != hash {
        return Err(Broken::Link);
    }
    Ok(hash)
}

pub fn to_hex(h: &Hash) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in h {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub fn from_hex(s: &str) -> Option<Hash> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, pair) in b.chunks(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// Why a proof does not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofError {
    /// Entry `id`'s shown fields do not give its content hash.
    Entry { id: i64 },
    /// The segment ending at `head` does not arrive at it.
    Head { day: String },
    /// A hash in the proof is not 64 hex digits.
    Unreadable,
}

/// Recomputes a proof: each shown entry from its fields, each segment from its previous hash
/// through every link to its head. The `(day, head)` pairs it arrives at, to compare with the
/// published heads.
pub fn verify_proof(p: &ChainProof) -> Result<Vec<(String, String)>, ProofError> {
    let mut heads = Vec::with_capacity(p.segments.len());
    for seg in &p.segments {
        let mut acc = from_hex(&seg.prev).ok_or(ProofError::Unreadable)?;
        for l in &seg.links {
            let content = from_hex(&l.content).ok_or(ProofError::Unreadable)?;
            if let Some(e) = &l.entry {
                if shown_content(&p.code, e)? != content {
                    return Err(ProofError::Entry { id: l.id });
                }
            }
            acc = link(&acc, &content);
        }
        if to_hex(&acc) != seg.head {
            return Err(ProofError::Head {
                day: seg.day.clone(),
            });
        }
        heads.push((seg.day.clone(), seg.head.clone()));
    }
    Ok(heads)
}

fn shown_content(code: &str, e: &ProofEntry) -> Result<Hash, ProofError> {
    let sealed = from_hex(&e.sealed).ok_or(ProofError::Unreadable)?;
    Ok(Open {
        code,
        at: e.at,
        action: &e.action,
        from_status: e.from_status.as_deref(),
        to_status: &e.to_status,
        from_unit: e.from_unit.as_deref(),
        to_unit: e.to_unit.as_deref(),
        is_public: true,
        note: e.note.as_deref(),
    }
    .content(&sealed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{ProofLink, ProofSegment};

    fn entry<'a>(note: Option<&'a str>, is_public: bool) -> Entry<'a> {
        Entry {
            code: "LN7K2M9QXH",
            at: 1_764_900_000,
            action: "jawab",
            from_status: Some("diproses"),
            to_status: "dijawab",
            role: "petugas_unit",
            from_unit: Some("dinkes.yankes"),
            to_unit: Some("dinkes.yankes"),
            note,
            actor: Some("budi"),
            is_public,
            salt: "00112233445566778899aabbccddeeff",
        }
    }

    #[test]
    fn every_field_changes_the_content_hash() {
        let base = entry(Some("Sudah diperbaiki"), true);
        let h = base.content();
        let variants = [
            Entry {
                code: "LN7K2M9QXJ",
                ..base
            },
            Entry {
                at: base.at + 1,
                ..base
            },
            Entry {
                action: "tolak",
                ..base
            },
            Entry {
                from_status: None,
                ..base
            },
            Entry {
                to_status: "selesai",
                ..base
            },
            Entry {
                role: "koordinator",
                ..base
            },
            Entry {
                from_unit: Some("dinkes"),
                ..base
            },
            Entry {
                to_unit: None,
                ..base
            },
            Entry {
                note: Some("Sudah diperbaiki."),
                ..base
            },
            Entry {
                actor: Some("budi2"),
                ..base
            },
            Entry {
                is_public: false,
                ..base
            },
            Entry { salt: "ff", ..base },
        ];
        for v in variants {
            assert_ne!(v.content(), h, "{v:?}");
        }
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        // "ab" + "c" and "a" + "bc" must not encode alike.
        let a = Entry {
            from_unit: Some("ab"),
            to_unit: Some("c"),
            ..entry(None, true)
        };
        let b = Entry {
            from_unit: Some("a"),
            to_unit: Some("bc"),
            ..entry(None, true)
        };
        assert_ne!(a.content(), b.content());
        let none = Entry {
            from_unit: None,
            ..entry(None, true)
        };
        let dash = Entry {
            from_unit: Some("-"),
            ..entry(None, true)
        };
        assert_ne!(none.content(), dash.content());
    }

    #[test]
    fn a_chain_checks_and_names_an_edit() {
        let e1 = entry(Some("satu"), true);
        let e2 = entry(Some("catatan dalam"), false);
        let c1 = e1.content();
        let h1 = link(&GENESIS, &c1);
        let c2 = e2.content();
        let h2 = link(&h1, &c2);
        assert_eq!(
            check(&GENESIS, &e1, Some(&to_hex(&c1)), Some(&to_hex(&h1))),
            Ok(h1)
        );
        assert_eq!(
            check(&h1, &e2, Some(&to_hex(&c2)), Some(&to_hex(&h2))),
            Ok(h2)
        );
        let edited = Entry {
            note: Some("catatan lain"),
            ..e2
        };
        assert_eq!(
            check(&h1, &edited, Some(&to_hex(&c2)), Some(&to_hex(&h2))),
            Err(Broken::Content)
        );
        // The second entry checked as if the first were missing.
        assert_eq!(
            check(&GENESIS, &e2, Some(&to_hex(&c2)), Some(&to_hex(&h2))),
            Err(Broken::Link)
        );
        assert_eq!(
            check(&GENESIS, &e2, None, Some(&to_hex(&h2))),
            Err(Broken::Unreadable)
        );
    }

    #[test]
    fn hex_round_trips_and_refuses_junk() {
        let h = link(&GENESIS, &GENESIS);
        assert_eq!(from_hex(&to_hex(&h)), Some(h));
        assert_eq!(from_hex("00"), None);
        assert_eq!(from_hex(&"g".repeat(64)), None);
        assert_eq!(from_hex(&"A".repeat(64)), None);
    }

    #[test]
    fn a_proof_checks_the_shown_entry_and_the_hidden_ones_by_hash() {
        let mine = entry(Some("Sudah diperbaiki"), true);
        let hidden = entry(Some("internal"), false);
        let prev = link(&GENESIS, &[7; 32]);
        let c1 = mine.content();
        let c2 = hidden.content();
        let head = link(&link(&prev, &c1), &c2);
        let shown = ProofEntry {
            at: mine.at,
            action: mine.action.into(),
            from_status: mine.from_status.map(Into::into),
            to_status: mine.to_status.into(),
            from_unit: mine.from_unit.map(Into::into),
            to_unit: mine.to_unit.map(Into::into),
            note: mine.note.map(Into::into),
            sealed: to_hex(&mine.sealed()),
        };
        let mut proof = ChainProof {
            code: mine.code.into(),
            segments: vec![ProofSegment {
                day: "2025-12-05".into(),
                closed: true,
                prev: to_hex(&prev),
                head: to_hex(&head),
                links: vec![
                    ProofLink {
                        id: 10,
                        content: to_hex(&c1),
                        entry: Some(shown),
                    },
                    ProofLink {
                        id: 11,
                        content: to_hex(&c2),
                        entry: None,
                    },
                ],
            }],
        };
        assert_eq!(
            verify_proof(&proof),
            Ok(vec![("2025-12-05".to_string(), to_hex(&head))])
        );
        proof.segments[0].links[0].entry.as_mut().unwrap().note = Some("Belum".into());
        assert_eq!(verify_proof(&proof), Err(ProofError::Entry { id: 10 }));
        proof.segments[0].links[0].entry.as_mut().unwrap().note = mine.note.map(Into::into);
        proof.segments[0].links.pop();
        assert_eq!(
            verify_proof(&proof),
            Err(ProofError::Head {
                day: "2025-12-05".into()
            })
        );
    }
}
