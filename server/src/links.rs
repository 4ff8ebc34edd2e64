//! Short-lived signed links to a confidential report's photos. Whoever opened the report with its
//! secret gets links that work for an hour without the secret in them: a secret in a URL ends up
//! in browser history, proxies' logs and Referer headers.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a signed link works.
pub const VALID_SECS: i64 = 3600;

pub struct Signer {
    key: Vec<u8>,
}

impl Signer {
    pub fn new(key: &[u8]) -> Signer {
        Signer { key: key.to_vec() }
    }

    fn mac(&self, code: &str, photo: i64, thumb: bool, expires: i64) -> String {
        let mut m = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        m.update(format!("{code}\n{photo}\n{thumb}\n{expires}").as_bytes());
        hex::encode(m.finalize().into_bytes())
    }

    /// A keyed hash of `value` (a client's address): the same for the same value, and not
    /// reversible by trying every address without the server's key.
    pub fn pseudonym(&self, purpose: &str, value: &str) -> String {
        let mut m = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        m.update(format!("{purpose}\n{value}").as_bytes());
        hex::encode(m.finalize().into_bytes())
    }

    /// The `t` parameter of a link to one photo (or its thumbnail) of one report.
    pub fn token(&self, code: &str, photo: i64, thumb: bool, now: i64) -> String {
        let expires = now + VALID_SECS;
        format!("{expires}.{}", self.mac(code, photo, thumb, expires))
    }

    /// Is `token` a valid, unexpired link to this photo?
    pub fn check(&self, token: &str, code: &str, photo: i64, thumb: bool, now: i64) -> bool {
        let Some((exp, sig)) = token.split_once('.') else {
            return false;
        };
        let Ok(expires) = exp.parse::<i64>() else {
            return false;
        };
        if expires < now || expires > now + VALID_SECS {
            return false;
        }
        let want = self.mac(code, photo, thumb, expires);
        // Constant time: compare every byte.
        want.len() == sig.len()
            && want
                .bytes()
                .zip(sig.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}
