//! Lapor Natuna's benchmark (issue "Fast at any size"): seed a store with realistic reports
//! (`seed`, text from `corpus`), drive the running server (`load`), measure what the engine
//! alone allows for submissions (`raw`), and reduce every run to one table (`table`). The plan
//! guard (`tests/plans.rs`) seeds with the same code.

pub mod corpus;
pub mod load;
pub mod raw;
pub mod seed;
pub mod table;
