//! One small sort for the whole crate and the app. The standard library's sorts are fast but
//! weigh several kilobytes of wasm per call site (each is a separate instantiation of a large
//! algorithm); the lists sorted here are short (categories, regions, units, a model's terms), so
//! a heap sort of a few hundred bytes does. Not stable: callers give a total order.

use std::cmp::Ordering;

/// Sorts `v` in place by `cmp`, in O(n log n).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    heap_sort(v, &mut |a, b| cmp(a, b) == Ordering::Less)
}

/// Sorts `v` in place by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    heap_sort(v, &mut |a, b| key(a) < key(b))
}

fn heap_sort<T>(v: &mut [T], less: &mut dyn FnMut(&T, &T) -> bool) {
    let n = v.len();
    let mut sift = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    };
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut seed = 7u32;
        for len in 0..200 {
            let mut v: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) % 50
                })
                .collect();
            let mut expected = v.clone();
            expected.sort();
            sort_by(&mut v, |a, b| a.cmp(b));
            assert_eq!(v, expected);
            sort_by_key(&mut v, |x| std::cmp::Reverse(*x));
            expected.reverse();
            assert_eq!(v, expected);
        }
    }
}
