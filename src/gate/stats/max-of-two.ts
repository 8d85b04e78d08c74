// One-sided p-values for two correlated standard normal statistics tested at once: the gate tests the elicitation
// rate and the mean presence score together and lets the stronger signal decide, paying for the second look
// only as much as the two disagree (max-T; at correlation 1 it is the plain normal tail). The weighted form
// (weighted min-p) gives the two unequal shares of alpha; at equal shares it is max-T.
// P(max(Z1, Z2) >= z) = P(Z1 >= z) + P(Z2 >= z) - P(Z1 >= z, Z2 >= z), the last term by Genz's algorithm for the
// bivariate normal upper orthant (A. Genz 2004, "Numerical computation of rectangular bivariate and trivariate
// normal and t probabilities", Statistics and Computing 14:251; Drezner & Wesolowsky 1990 for |r| < 0.925),
// at most 20 Gauss-Legendre points; accurate to about 3e-8 here, the precision of the normal CDF it calls.

import { normalCdf, normalQuantile } from './normal.ts';

/** Gauss-Legendre abscissae (negative half) and weights for 6, 12 and 20 points. */
const NODES: readonly { x: readonly number[]; w: readonly number[] }[] = [
  {
    x: [-0.9324695142031522, -0.6612093864662647, -0.238619186083197],
    w: [0.1713244923791705, 0.3607615730481384, 0.4679139345726904],
  },
  {
    x: [
      -0.9815606342467191, -0.904117256370475, -0.769902674194305, -0.5873179542866171, -0.3678314989981802,
      -0.1252334085114692,
    ],
    w: [
      0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659, 0.2334925365383547,
      0.2491470458134029,
    ],
  },
  {
    x: [
      -0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188, -0.7463319064601508,
      -0.636053680726515, -0.5108670019508271, -0.3737060887154196, -0.2277858511416451, -0.07652652113349732,
    ],
    w: [
      0.01761400713915212, 0.04060142980038694, 0.06267204833410905, 0.08327674157670475, 0.1019301198172404,
      0.1181945319615184, 0.1316886384491766, 0.1420961093183821, 0.1491729864726037, 0.1527533871307259,
    ],
  },
];

const TWO_PI = 2 * Math.PI;

/** P(X > h, Y > k) for standard normals with correlation r. */
export function bivariateUpper(h: number, k0: number, r: number): number {
  const nodes = NODES[Math.abs(r) < 0.3 ? 0 : Math.abs(r) < 0.75 ? 1 : 2] as (typeof NODES)[number];
  let k = k0;
  let hk = h * k;
  let bvn = 0;
  if (Math.abs(r) < 0.925) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    nodes.x.forEach((x, i) => {
      const w = nodes.w[i] as number;
      for (const sign of [1, -1]) {
        const sn = Math.sin((asr * (sign * x + 1)) / 2);
        bvn += w * Math.exp((sn * hk - hs) / (1 - sn * sn));
      }
    });
    return (bvn * asr) / (2 * TWO_PI) + normalCdf(-h) * normalCdf(-k);
  }
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (Math.abs(r) < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) ** 2;
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    bvn =
      a *
      Math.exp(-(bs / as + hk) / 2) *
      (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (hk > -160) {
      const b = Math.sqrt(bs);
      bvn -=
        Math.exp(-hk / 2) *
        Math.sqrt(TWO_PI) *
        normalCdf(-b / a) *
        b *
        (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    nodes.x.forEach((x, i) => {
      const w = nodes.w[i] as number;
      for (const sign of [-1, 1]) {
        const xs = (a * (sign * x + 1)) ** 2;
        const rs = Math.sqrt(1 - xs);
        bvn +=
          a *
          w *
          (Math.exp(-bs / (2 * xs) - hk / (1 + rs)) / rs -
            Math.exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)));
      }
    });
    bvn = -bvn / TWO_PI;
  }
  if (r > 0) return bvn + normalCdf(-Math.max(h, k));
  bvn = -bvn;
  return k > h ? bvn + normalCdf(k) - normalCdf(h) : bvn;
}

/** P(max(Z1, Z2) >= z) for standard normals with correlation rho. */
export function maxOfTwoUpperTail(z: number, rho: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 0 : 1;
  const r = Math.max(-1, Math.min(1, rho));
  const tail = normalCdf(-z);
  return Math.min(1, Math.max(tail, 2 * tail - bivariateUpper(z, z, r)));
}

/** The single z with the same upper tail: how strong max(Z1, Z2) = z is once the second look is paid for. */
export function equivalentZ(p: number): number {
  // Q(z) = p, i.e. z = Phi^-1(1 - p) = -Phi^-1(p), computed from the small tail to keep precision.
  return -normalQuantile(p);
}

/** The weighted min-p statistic of two one-sided z's, t = min(Q(z1) / w1, Q(z2) / w2) with w2 = 1 - w1, and the z
 * each statistic must reach for its own p / w to be that small: c_i = Q^-1(w_i t), the deciding one's its own z.
 * The tail of t and the relabellings that count as extreme both follow from (c1, c2). */
export interface WeightedMinP {
  t: number;
  c1: number;
  c2: number;
  /** The first statistic decided (its p / w is the smaller). */
  first: boolean;
}

export function weightedMinP(z1: number, z2: number, w1: number): WeightedMinP {
  const w2 = 1 - w1;
  const r1 = normalCdf(-z1) / w1;
  const r2 = normalCdf(-z2) / w2;
  // Both tails underflow only far beyond any threshold; the larger z decides then.
  const first = r1 < r2 || (r1 === r2 && z1 >= z2);
  const t = Math.min(r1, r2);
  // The other's threshold; at an equal share it is the deciding z itself, so equal weights are max-T exactly.
  const [zFirst, wFirst] = first ? [z1, w1] : [z2, w2];
  const reach = (w: number) =>
    w === wFirst ? zFirst : w * t >= 1 ? Number.NEGATIVE_INFINITY : equivalentZ(w * t);
  return { t, first, c1: first ? z1 : reach(w1), c2: first ? reach(w2) : z2 };
}

/** P(min(Q(Z1) / w1, Q(Z2) / w2) <= t) for standard normals with correlation rho, the observed t from z1 and z2:
 * 1 - P(Z1 < c1, Z2 < c2) = w1 t + w2 t - P(Z1 >= c1, Z2 >= c2) = t - P(Z1 >= c1, Z2 >= c2). Exact at any
 * weights, so the level holds; at w1 = 1/2 it is maxOfTwoUpperTail of the larger z. */
export function weightedMinPUpperTail(z1: number, z2: number, w1: number, rho: number): number {
  const { t, c1, c2 } = weightedMinP(z1, z2, w1);
  // A share whose threshold is below every value (w t >= 1) makes t certain; t = 0 is an infinite z.
  if (c1 === Number.NEGATIVE_INFINITY || c2 === Number.NEGATIVE_INFINITY) return 1;
  if (t === 0) return 0;
  const r = Math.max(-1, Math.min(1, rho));
  // Bonferroni above, either statistic alone below: the bounds keep precision where the difference is tiny.
  return Math.min(1, t, Math.max(Math.max(w1, 1 - w1) * t, t - bivariateUpper(c1, c2, r)));
}
