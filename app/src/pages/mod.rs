//! One module per page.

pub mod embed;
pub mod home;
pub mod lacak;
pub mod lapor;
pub mod laporan;
pub mod respond;
