//===- Trig.cpp - sin, cos, tan from arithmetic -----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Double: Cody-Waite reduction below 2^19, Payne-Hanek with the 2/pi
// table above (64-bit integer arithmetic). Float: Payne-Hanek from pi/4 on
// in 32-bit integer arithmetic, so that float trigonometry needs no 64-bit
// integers (GLSL ES has none; Vulkan's are optional).
// Then the Taylor series on the reduced argument.
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace acc::math_expansion {

namespace {

/// 2/pi in 32-bit words, most significant first (bits 1..1408 after the
/// binary point).
constexpr uint32_t kTwoOverPi[] = {
    0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041,
    0xfe5163ab, 0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c,
    0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41,
    0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
    0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d,
    0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08,
    0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d, 0xa9e39161, 0x5ee61b08,
    0x6599855f, 0x14a06840};

} // namespace

//===----------------------------------------------------------------------===//
// sin, cos, tan
//===----------------------------------------------------------------------===//

/// The 2/pi table as a constant global of the nearest symbol table.
Value Emitter::twoOverPiTable() {
  StringRef name = ACC_RESERVED_SYMBOL_PREFIX "two_over_pi";
  auto type = MemRefType::get({2 + int64_t(std::size(kTwoOverPi))}, i32());
  if (!SymbolTable::lookupSymbolIn(symbols, name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&symbols->getRegion(0).front());
    SmallVector<int32_t> words{0, 0};
    for (uint32_t w : kTwoOverPi)
      words.push_back(static_cast<int32_t>(w));
    auto tensor = RankedTensorType::get(type.getShape(), i32());
    memref::GlobalOp::create(b, l, name, b.getStringAttr("private"), type,
                             DenseElementsAttr::get(tensor, ArrayRef(words)),
                             /*constant=*/true, /*alignment=*/nullptr);
  }
  return memref::GetGlobalOp::create(b, l, type, name);
}

/// |x| = k pi/2 + (r.hi + r.lo), |r| <= pi/4 (about); k mod 4 as an
/// integer of x's width.
std::pair<DD, Value> Emitter::reduce(Value ax) {
  if (!isF64(ax))
    return reduceFloat(ax);
  Type t = ax.getType();
  Type it = i64();
  // Cody-Waite below 2^19: pi/2 = P1 + P2 + P3, P1 and P2 with 33 bits.
  Value cwIn = sel(lt(ax, f(t, 0x1p19)), ax, f(t, 0.0));
  Value kf = rint(mul(cwIn, f(t, 0x1.45f306dc9c883p-1)));
  Value t1 = fma(neg(kf), f(t, 0x1.921fb544p+0), cwIn); // exact
  Value w = mul(kf, f(t, 0x1.0b4611a6p-34));              // exact
  DD r1 = twoSum(t1, neg(w));
  Value w3 = mul(kf, f(t, 0x1.3198a2e037073p-69));
  DD r2 = twoSum(r1.hi, neg(w3));
  Value w3err = fma(kf, f(t, 0x1.3198a2e037073p-69), neg(w3));
  DD cw = fastTwoSum(r2.hi, sub(add(r2.lo, r1.lo), w3err));
  Value cwK = fptosi(it, kf);

  // Payne-Hanek above: |x| = M 2^E, M a 53-bit integer.
  Value phIn = sel(lt(ax, f(t, 0x1p19)), f(t, 0x1p19), ax);
  Value xb = bits(phIn);
  Value E = subi(exponentField(phIn), i(it, 1075));
  Value M = ori(andi(xb, i(it, 0x000fffffffffffffLL)), i(it, 1LL << 52));
  // 192 bits of 2/pi from bit E-1 on (bit q = 1 is the first after the
  // point; table entries 0 and 1 are zeros for q <= 0).
  Value q1 = addi(subi(E, i(it, 2)), i(it, 64)); // (q - 1) + 64, >= 0
  Value word = shru(q1, i(it, 5));
  Value offset = andi(q1, i(it, 31));
  Value table = twoOverPiTable();
  auto load = [&](Value index) {
    Value idx = arith::IndexCastOp::create(b, l, b.getIndexType(), index);
    Value v = memref::LoadOp::create(b, l, table, ValueRange{idx});
    return extui(it, v);
  };
  Value mask32 = i(it, 0xffffffffLL);
  SmallVector<Value> raw;
  for (int k = 0; k < 7; ++k)
    raw.push_back(load(addi(word, i(it, k))));
  // Limbs w[0] (least significant) .. w[5].
  SmallVector<Value> wl(6);
  for (int k = 0; k < 6; ++k) {
    Value pair = ori(shl(raw[k], i(it, 32)), raw[k + 1]);
    Value limb = andi(shru(pair, subi(i(it, 32), offset)), mask32);
    wl[5 - k] = limb;
  }
  // P = M * W, M = mh 2^32 + ml.
  Value ml = andi(M, mask32), mh = shru(M, i(it, 32));
  SmallVector<Value> p(8, i(it, 0));
  auto mulAdd = [&](Value factor, int shift) {
    Value carry = i(it, 0);
    for (int k = 0; k < 6; ++k) {
      Value prod = muli(factor, wl[k]); // < 2^64
      Value plo = andi(prod, mask32), phi = shru(prod, i(it, 32));
      Value s = addi(addi(p[k + shift], plo), carry); // < 2^34
      p[k + shift] = andi(s, mask32);
      carry = addi(phi, shru(s, i(it, 32)));
    }
    for (int k = 6 + shift; k < 8; ++k) {
      Value s = addi(p[k], carry);
      p[k] = andi(s, mask32);
      carry = shru(s, i(it, 32));
    }
  };
  mulAdd(ml, 0);
  mulAdd(mh, 1);
  // x 2/pi = P / 2^190: quadrant = bits 190-191, fraction bits 189 down.
  Value quadrant = andi(shru(p[5], i(it, 30)), i(it, 3));
  Value F = ori(shl(andi(p[5], i(it, 0x3fffffff)), i(it, 32)), p[4]); // 62 bits
  Value G = ori(shl(p[3], i(it, 32)), p[2]);                          // 64 bits
  // Fraction >= 1/2: take f - 1 (negative), quadrant + 1.
  Value upper = cmpi(CmpIPredicate::ne, andi(F, i(it, 1LL << 61)), i(it, 0));
  // 2^126 - (F 2^64 + G) on 126 bits.
  Value gNeg = subi(i(it, 0), G);
  Value borrow = sel(cmpi(CmpIPredicate::ne, G, i(it, 0)), i(it, 1), i(it, 0));
  Value fNeg = subi(subi(i(it, 1LL << 62), F), borrow);
  Value Fm = sel(upper, fNeg, F), Gm = sel(upper, gNeg, G);
  Value hiF = uitofp(t, Fm);
  Value rest = subi(Fm, arith::FPToUIOp::create(b, l, it, hiF)); // small
  Value loF = add(sitofp(t, rest), mul(uitofp(t, Gm), f(t, 0x1p-64)));
  DD frac = fastTwoSum(mul(hiF, f(t, 0x1p-62)), mul(loF, f(t, 0x1p-62)));
  DD ph = mulDD(frac, 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54);
  ph = {sel(upper, neg(ph.hi), ph.hi), sel(upper, neg(ph.lo), ph.lo)};
  Value phK = addi(quadrant, sel(upper, i(it, 1), i(it, 0)));

  Value useCW = lt(ax, f(t, 0x1p19));
  DD r{sel(useCW, cw.hi, ph.hi), sel(useCW, cw.lo, ph.lo)};
  return {r, andi(sel(useCW, cwK, phK), i(it, 3))};
}

/// The float reduction: x 2/pi mod 4 by Payne-Hanek in 32-bit integer
/// arithmetic (no 64-bit integers: GLSL ES has none). |x| = M 2^E with M
/// of 24 bits; the product of M and four 32-bit words of 2/pi, chosen by
/// E, holds the quadrant in its bits 190-191 (as the double reduction's
/// six-word product does: the two lowest words change the result by less
/// than 2^-90) and the fraction below, of which 94 bits are kept.
std::pair<DD, Value> Emitter::reduceFloat(Value ax) {
  Type t = ax.getType();
  Type it = i32();
  const double limit = 0x1.921fb6p-1; // no reduction below pi/4
  Value small = lt(ax, f(t, limit));
  Value phIn = sel(small, f(t, limit), ax);
  Value xb = bits(phIn);
  Value E = subi(exponentField(phIn), i(it, 150));
  Value M = ori(andi(xb, i(it, 0x7fffff)), i(it, 0x800000));
  Value q1 = addi(E, i(it, 62)); // as reduce(): (E - 2) + 64 >= 38
  Value word = shru(q1, i(it, 5));
  Value offset = andi(q1, i(it, 31));
  Value table = twoOverPiTable();
  auto load = [&](Value index) {
    Value idx = arith::IndexCastOp::create(b, l, b.getIndexType(), index);
    return (Value)memref::LoadOp::create(b, l, table, ValueRange{idx});
  };
  // Limbs w[2] .. w[5] of reduce()'s six, from table words word .. word+4
  // shifted left by `offset`.
  SmallVector<Value> raw;
  for (int k = 0; k < 5; ++k)
    raw.push_back(load(addi(word, i(it, k))));
  Value zeroOffset = cmpi(CmpIPredicate::eq, offset, i(it, 0));
  SmallVector<Value> wl(6);
  for (int k = 0; k < 4; ++k) {
    Value spill = shru(raw[k + 1], subi(i(it, 32), offset));
    Value limb = ori(shl(raw[k], offset), sel(zeroOffset, i(it, 0), spill));
    wl[5 - k] = limb;
  }
  // P = M * (w5 w4 w3 w2), words p[2] .. p[5] (p[6] holds multiples of 4).
  SmallVector<Value> p(6);
  Value prevHi = i(it, 0), carry = i(it, 0);
  Value one = i(it, 1), zero = i(it, 0);
  for (int k = 2; k <= 5; ++k) {
    auto prod = arith::MulUIExtendedOp::create(b, l, M, wl[k]);
    Value lo = prod.getLow(), hi = prod.getHigh();
    Value s1 = addi(lo, prevHi);
    Value c1 = cmpi(CmpIPredicate::ult, s1, lo);
    Value s2 = addi(s1, carry);
    Value c2 = cmpi(CmpIPredicate::ult, s2, s1);
    p[k] = s2;
    carry = sel(bor(c1, c2), one, zero);
    prevHi = hi;
  }
  Value quadrant = shru(p[5], i(it, 30));
  Value f5 = andi(p[5], i(it, 0x3fffffff));
  // Fraction >= 1/2: take f - 1 (negative), quadrant + 1; 2^94 - F over
  // three words.
  Value upper = cmpi(CmpIPredicate::ne, andi(f5, i(it, 1 << 29)), zero);
  Value n3 = subi(zero, p[3]);
  Value b3 = cmpi(CmpIPredicate::eq, p[3], zero); // no borrow out
  Value n4 = addi(xori(p[4], i(it, -1)), sel(b3, one, zero));
  Value b4 = band(b3, cmpi(CmpIPredicate::eq, p[4], zero));
  Value n5 = andi(addi(xori(f5, i(it, -1)), sel(b4, one, zero)),
                  i(it, 0x3fffffff));
  Value F5 = sel(upper, n5, f5), F4 = sel(upper, n4, p[4]),
        F3 = sel(upper, n3, p[3]);
  // F5 2^-30 + F4 2^-62 + F3 2^-94 as a double-float.
  Value hiF = uitofp(t, F5);
  Value rest = subi(F5, arith::FPToUIOp::create(b, l, it, hiF)); // small
  Value loF = add(mul(sitofp(t, rest), f(t, 0x1p-30)),
                  add(mul(uitofp(t, F4), f(t, 0x1p-62)),
                      mul(uitofp(t, F3), f(t, 0x1p-94))));
  DD frac = twoSum(mul(hiF, f(t, 0x1p-30)), loF);
  DD ph = mulDD(frac, 0x1.921fb6p+0, -0x1.777a5cp-25);
  ph = {sel(upper, neg(ph.hi), ph.hi), sel(upper, neg(ph.lo), ph.lo)};
  Value phK = andi(addi(quadrant, sel(upper, one, zero)), i(it, 3));
  DD r{sel(small, ax, ph.hi), sel(small, f(t, 0.0), ph.lo)};
  return {r, sel(small, zero, phK)};
}

/// sin(r + rr) and cos(r + rr) for |r| <= pi/4 (about).
std::pair<Value, Value> Emitter::sinCosKernel(DD r) {
  Type t = r.hi.getType();
  Value x = r.hi, xx = r.lo;
  Value z = mul(x, x);
  // sin: x + x^3 (-1/3! + z/5! - ...), to x^21 (double) or x^11 (float);
  // cos: 1 - z/2 + z^2 (1/4! - z/6! + ...), to x^22 or x^12.
  const int last = isF64(x) ? 22 : 12;
  SmallVector<double> sc, cc;
  double fact = 1;
  SmallVector<double> inv(last + 1);
  for (int n = 1; n <= last; ++n) {
    fact *= n;
    inv[n] = 1.0 / fact;
  }
  for (int n = last - 1; n >= 3; n -= 2)
    sc.push_back(((n - 1) / 2) % 2 ? -inv[n] : inv[n]);
  for (int n = last; n >= 4; n -= 2)
    cc.push_back((n / 2) % 2 ? -inv[n] : inv[n]);
  Value s3 = mul(mul(z, x), horner(z, sc));
  Value sinV = add(x, add(s3, mul(xx, sub(f(t, 1.0), mul(z, f(t, 0.5))))));
  Value hz = mul(z, f(t, 0.5));
  Value w = sub(f(t, 1.0), hz);
  // 1 - hz exactly as w + corr, then the rest.
  Value corr = sub(sub(f(t, 1.0), w), hz);
  Value c4 = mul(mul(z, z), horner(z, cc));
  Value cosV = add(w, add(corr, sub(c4, mul(x, xx))));
  return {sinV, cosV};
}

Value Emitter::trig(StringRef which, Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  Value safe = sel(isFinite(x), ax, f(t, 0.0));
  auto [r, k] = reduce(safe);
  Type it = k.getType();
  auto [s, c] = sinCosKernel(r);
  auto isK = [&](int64_t v) { return cmpi(CmpIPredicate::eq, k, i(it, v)); };
  Value res;
  Value tiny = lt(ax, f(t, isF64(x) ? 0x1p-27 : 0x1p-12));
  if (which == "sin") {
    res = sel(isK(0), s, sel(isK(1), c, sel(isK(2), neg(s), neg(c))));
    res = sel(lt(x, f(t, 0.0)), neg(res), res);
    res = sel(tiny, x, res);
  } else if (which == "cos") {
    res = sel(isK(0), c, sel(isK(1), neg(s), sel(isK(2), neg(c), s)));
    res = sel(tiny, f(t, 1.0), res);
  } else {
    Value even = bor(isK(0), isK(2));
    res = sel(even, div(s, c), neg(div(c, s)));
    res = sel(lt(x, f(t, 0.0)), neg(res), res);
    res = sel(tiny, x, res);
  }
  return sel(isFinite(x), res, f(t, std::nan("")));
}

} // namespace acc::math_expansion
