"""Writes a small GGUF file with the `gguf` package, and beside it what it holds.

usage: reference_gguf.py OUT.gguf
Writes OUT.gguf (metadata of every value type, nested arrays, one tensor of each type AttnViz
expands) and OUT.gguf.f32 (each tensor as gguf.quants.dequantize expands it, float32, in file
order), and prints the tensor names, types and element counts as JSON.
"""
import json
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q
from gguf import quants


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(20261202)
    w = gguf.GGUFWriter(out, "llama")
    w.add_uint8("t.u8", 200)
    w.add_int8("t.i8", -100)
    w.add_uint16("t.u16", 60000)
    w.add_int16("t.i16", -30000)
    w.add_uint32("t.u32", 4000000000)
    w.add_int32("t.i32", -2000000000)
    w.add_float32("t.f32", 0.1)
    w.add_uint64("t.u64", 18000000000000000000)
    w.add_int64("t.i64", -9000000000000000000)
    w.add_float64("t.f64", 0.1)
    w.add_bool("t.bool", True)
    w.add_string("t.str", "héllo ✓")
    w.add_array("t.strs", ["a", "", "Ġthe", "<|im_start|>"])
    w.add_array("t.ints", [1, -2, 3])
    w.add_array("t.nested", [[1, 2], [3]])
    expanded = []
    shapes = {Q.F32: (3, 64), Q.F16: (2, 64), Q.BF16: (2, 64), Q.Q8_0: (4, 64), Q.Q4_0: (4, 64), Q.Q4_1: (4, 96),
              Q.Q4_K: (3, 512), Q.Q5_K: (2, 256), Q.Q6_K: (3, 512), Q.Q2_K: (2, 512), Q.Q3_K: (3, 256),
              Q.Q5_0: (4, 64), Q.Q5_1: (4, 96), Q.IQ4_NL: (3, 64), Q.IQ4_XS: (2, 512)}
    for k, (qt, shape) in enumerate(shapes.items()):
        x = rng.standard_normal(shape).astype(np.float32) * (0.1 + k)
        if qt == Q.F32:
            data, raw = x, x
        elif qt in (Q.Q4_K, Q.Q5_K, Q.Q6_K, Q.Q2_K, Q.Q3_K, Q.IQ4_NL, Q.IQ4_XS):
            # The package has no K-quant or IQ4 quantizer: random blocks, with finite f16 scales where
            # the format keeps them (d and dmin first; Q6_K's and Q3_K's d, Q2_K's d and dmin last;
            # IQ4's d first, its other bytes any).
            block, size = gguf.GGML_QUANT_SIZES[qt]
            raw = rng.integers(0, 256, (shape[0], shape[1] // block * size), dtype=np.uint8)
            blocks = raw.reshape(-1, size)
            halves = (rng.standard_normal((blocks.shape[0], 2)) * 0.01).astype(np.float16).view(np.uint8)
            if qt in (Q.Q6_K, Q.Q3_K):
                blocks[:, size - 2:] = halves[:, :2]
            elif qt == Q.Q2_K:
                blocks[:, size - 4:] = halves
            elif qt in (Q.IQ4_NL, Q.IQ4_XS):
                blocks[:, :2] = halves[:, :2]
            else:
                blocks[:, :4] = halves
            data = quants.dequantize(raw, qt).astype(np.float32)
        else:
            raw = quants.quantize(x, qt)
            data = quants.dequantize(raw, qt).astype(np.float32)
        w.add_tensor(f"t{k}.{qt.name.lower()}", raw, raw_shape=raw.shape if qt == Q.F32 else None, raw_dtype=qt)
        expanded.append(data.reshape(-1))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    np.concatenate(expanded).astype("<f4").tofile(out + ".f32")
    print(json.dumps([[f"t{k}.{qt.name.lower()}", qt.name, int(np.prod(s))] for k, (qt, s) in enumerate(shapes.items())]))


if __name__ == "__main__":
    main()
