//! Sorting with one copy of the sort algorithm in the WebAssembly.
//!
//! Every `slice::sort_by` (and every `collect` into a `BTreeMap` or
//! `BTreeSet`, which sorts) instantiates the whole of the standard stable
//! sort for its element and comparator types: about 3 KB each, and they
//! added up to 78 KB. Here, whatever the type, positions (`u32`) are sorted
//! through one `dyn` comparator, then the items are moved into place. The
//! order is stable, like `sort_by`'s.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, keeping equal items in their order.
pub fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    sort_positions(&mut order, &mut |a, b| cmp(&items[a as usize], &items[b as usize]));
    permute(items, order);
}

/// Sorts by a key, keeping items of equal keys in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts in the natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts and removes repeats: what a `BTreeSet` would hold, as a `Vec`.
pub fn sorted_set<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.into_iter().collect();
    sort(&mut items);
    items.dedup();
    items
}

/// The one instantiation of the standard sort.
#[inline(never)]
fn sort_positions(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Moves `items[order[i]]` to position `i`, following each cycle once.
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..items.len() {
        let mut here = start;
        loop {
            let from = order[here] as usize;
            order[here] = here as u32;
            if from == start || from == here {
                break;
            }
            items.swap(here, from);
            here = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 12345u64;
        for len in 0..60 {
            let mut items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|x| x.0);
            sort_by_key(&mut items, |x| x.0);
            assert_eq!(items, expected, "length {len}");
        }
    }

    #[test]
    fn a_sorted_set_has_each_item_once() {
        assert_eq!(sorted_set([3, 1, 3, 2, 1]), [1, 2, 3]);
    }
}
