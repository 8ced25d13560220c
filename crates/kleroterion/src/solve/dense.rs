//! Dense vectors and square matrices: the kernels the simplex codes spend their time in.
//!
//! Each element of [`sub_multiple`] is one multiplication and one subtraction, each rounded as
//! written (Rust never fuses them), so a draw is repeated exactly on every machine.

/// `x ← x − f·y`, element by element (over the shorter of the two).
pub fn sub_multiple(x: &mut [f64], y: &[f64], f: f64) {
    for (a, &b) in x.iter_mut().zip(y) {
        *a -= f * b;
    }
}

/// The inverse of the `k × k` row-major matrix `a`, by Gauss–Jordan elimination with partial
/// pivoting, in place (row-major too); `None` when a pivot smaller than `min_pivot` comes up
/// (the matrix is singular, or too close to it).
///
/// In place: when column `c` is eliminated, its entries are no longer needed, so they hold
/// column `c` of the inverse being built (the identity's column `c`, transformed by the same
/// row operations). Each step costs `k²`, the whole `k³`, half of eliminating on `a` beside a
/// separate identity. Rows swapped for pivoting make this the inverse of the row-permuted
/// matrix `PA`, that is `A⁻¹P⁻¹`; swapping the same pairs of columns in reverse order at the
/// end gives `A⁻¹`.
pub fn invert(mut a: Vec<f64>, k: usize, min_pivot: f64) -> Option<Vec<f64>> {
    assert_eq!(a.len(), k * k);
    let mut swaps: Vec<(usize, usize)> = Vec::new();
    let mut pivot_row = vec![0.0; k];
    for c in 0..k {
        let p = (c..k)
            .max_by(|&x, &y| a[x * k + c].abs().total_cmp(&a[y * k + c].abs()))
            .expect("rows remain");
        if a[p * k + c].abs() < min_pivot {
            return None;
        }
        if p != c {
            let (upper, lower) = a.split_at_mut(p * k);
            upper[c * k..(c + 1) * k].swap_with_slice(&mut lower[..k]);
            swaps.push((c, p));
        }
        // Row c divided by the pivot; its own entry becomes that of the inverse (1/pivot).
        let d = 1.0 / a[c * k + c];
        a[c * k + c] = 1.0;
        a[c * k..(c + 1) * k].iter_mut().for_each(|v| *v *= d);
        pivot_row.copy_from_slice(&a[c * k..(c + 1) * k]);
        for r in (0..k).filter(|&r| r != c) {
            let row = &mut a[r * k..(r + 1) * k];
            let f = row[c];
            if f != 0.0 {
                row[c] = 0.0;
                sub_multiple(row, &pivot_row, f);
            }
        }
    }
    for &(c, p) in swaps.iter().rev() {
        for row in a.chunks_exact_mut(k) {
            row.swap(c, p);
        }
    }
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_inverse(a: &[f64], inv: &[f64], k: usize) {
        for i in 0..k {
            for j in 0..k {
                let p: f64 = (0..k).map(|x| a[i * k + x] * inv[x * k + j]).sum();
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((p - expected).abs() < 1e-9, "({i}, {j}): {p}");
            }
        }
    }

    /// A fixed stream of 64-bit numbers (xorshift) for random test data.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn inverts_and_refuses_singular_matrices() {
        // Needs a row swap: the first pivot is 0.
        let a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0];
        let inv = invert(a.clone(), 3, 1e-12).unwrap();
        assert_inverse(&a, &inv, 3);
        assert_eq!(invert(vec![1.0, 2.0, 2.0, 4.0], 2, 1e-12), None);
    }
    /// Random sparse 0/±1 matrices with many pivoting swaps, against the definition.
    #[test]
    fn inverts_random_matrices_with_swaps() {
        let mut bits = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut next = move || bits() % 5;
        let mut inverted = 0;
        for k in 1..12 {
            for _ in 0..30 {
                let a: Vec<f64> = (0..k * k)
                    .map(|_| match next() {
                        0 => 1.0,
                        1 => -1.0,
                        2 => 2.5,
                        _ => 0.0,
                    })
                    .collect();
                if let Some(inv) = invert(a.clone(), k, 1e-9) {
                    assert_inverse(&a, &inv, k);
                    inverted += 1;
                }
            }
        }
        assert!(inverted > 150, "{inverted}");
    }
}
