//! Dense square matrices: the one operation the simplex codes need beyond products.

/// The inverse of the `k × k` row-major matrix `a`, by Gauss–Jordan elimination with partial
/// pivoting (row-major too); `None` when a pivot smaller than `min_pivot` comes up (the
/// matrix is singular, or too close to it).
pub fn invert(mut a: Vec<f64>, k: usize, min_pivot: f64) -> Option<Vec<f64>> {
    assert_eq!(a.len(), k * k);
    let mut inv = vec![0.0; k * k];
    for i in 0..k {
        inv[i * k + i] = 1.0;
    }
    for c in 0..k {
        let p = (c..k)
            .max_by(|&x, &y| a[x * k + c].abs().total_cmp(&a[y * k + c].abs()))
            .expect("rows remain");
        if a[p * k + c].abs() < min_pivot {
            return None;
        }
        if p != c {
            for x in 0..k {
                a.swap(p * k + x, c * k + x);
                inv.swap(p * k + x, c * k + x);
            }
        }
        let d = 1.0 / a[c * k + c];
        a[c * k..(c + 1) * k].iter_mut().for_each(|v| *v *= d);
        inv[c * k..(c + 1) * k].iter_mut().for_each(|v| *v *= d);
        let pivot_a = a[c * k..(c + 1) * k].to_vec();
        let pivot_inv = inv[c * k..(c + 1) * k].to_vec();
        for r in (0..k).filter(|&r| r != c) {
            let f = a[r * k + c];
            if f != 0.0 {
                for x in 0..k {
                    a[r * k + x] -= f * pivot_a[x];
                    inv[r * k + x] -= f * pivot_inv[x];
                }
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverts_and_refuses_singular_matrices() {
        // Needs a row swap: the first pivot is 0.
        let a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0];
        let inv = invert(a.clone(), 3, 1e-12).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let p: f64 = (0..3).map(|x| a[i * 3 + x] * inv[x * 3 + j]).sum();
                assert!((p - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        assert_eq!(invert(vec![1.0, 2.0, 2.0, 4.0], 2, 1e-12), None);
    }
}
