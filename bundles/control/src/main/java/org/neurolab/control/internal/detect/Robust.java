package org.neurolab.control.internal.detect;

/** Median and median absolute deviation by selection, on a scratch array. */
final class Robust {
    static final double MAD_TO_SIGMA = 1 / 0.6745;

    private Robust() {
    }

    /** σ of {@code n} values in {@code a} (reordered in place) from their median absolute deviation. */
    static double madSigma(float[] a, int n) {
        if (n == 0) return 0;
        float median = select(a, n, n / 2);
        for (int i = 0; i < n; i++) a[i] = Math.abs(a[i] - median);
        return select(a, n, n / 2) * MAD_TO_SIGMA;
    }

    /** The k-th smallest of a[0..n) (Hoare selection; reorders a). */
    static float select(float[] a, int n, int k) {
        int lo = 0, hi = n - 1;
        while (hi > lo) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }
}
