package org.neurolab.ethics.internal.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 6962 / RFC 9162 test vectors (the leaf inputs, roots and proofs published with the certificate-transparency
 * reference implementations, transparency-dev/merkle testonly and proof tests), and malformed or wrong proofs refused.
 */
class MerkleTest {
    static final List<byte[]> LEAF_INPUTS = Stream.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f").map(Hex::parse).toList();
    static final String[] ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
    static final byte[] SOME_HASH = Hex.parse("abacaba000000000000000000000000000000000000000000060061e00123456");

    static List<byte[]> leafHashes() {
        return LEAF_INPUTS.stream().map(Merkle::leafHash).toList();
    }

    static byte[] root(int size) {
        return Hex.parse(ROOTS[size]);
    }

    @Test
    void leaf_and_root_vectors() {
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Hex.of(Merkle.leafHash(new byte[0])));
        assertEquals("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", Hex.of(Merkle.leafHash(Hex.parse("00"))));
        for (int n = 0; n <= 8; n++) {
            assertEquals(ROOTS[n], Hex.of(Merkle.root(leafHashes().subList(0, n))), "root of " + n);
            CompactRange r = new CompactRange();
            for (byte[] h : leafHashes().subList(0, n)) r.append(h);
            assertEquals(ROOTS[n], Hex.of(r.root()), "compact root of " + n);
        }
    }

    /** leaf (1-based as in the vectors), tree size, proof. */
    static Stream<Arguments> inclusionVectors() {
        return Stream.of(
                Arguments.of(1, 1, List.of()),
                Arguments.of(1, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                Arguments.of(6, 8, List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                Arguments.of(3, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
                Arguments.of(2, 5, List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
    }

    @ParameterizedTest(name = "leaf {0} in tree of {1}")
    @MethodSource("inclusionVectors")
    void inclusion_vectors_are_produced_and_verified_and_corruptions_refused(int leaf, int size, List<String> expected) {
        int index = leaf - 1;
        List<byte[]> proof = Merkle.inclusionProof(leafHashes(), index, size);
        assertEquals(expected, proof.stream().map(Hex::of).toList());
        byte[] leafHash = leafHashes().get(index);
        byte[] root = root(size);
        assertTrue(Merkle.verifyInclusion(index, size, leafHash, proof, root));

        assertFalse(Merkle.verifyInclusion(index - 1, size, leafHash, proof, root), "index - 1");
        assertFalse(Merkle.verifyInclusion(index + 1, size, leafHash, proof, root), "index + 1");
        assertFalse(Merkle.verifyInclusion(index ^ 2, size, leafHash, proof, root), "index ^ 2");
        assertFalse(Merkle.verifyInclusion(index, size * 2L, leafHash, proof, root), "size * 2");
        assertFalse(Merkle.verifyInclusion(index, size / 2, leafHash, proof, root), "size / 2");
        assertFalse(Merkle.verifyInclusion(index, size, "WrongLeaf".getBytes(), proof, root), "wrong leaf");
        assertFalse(Merkle.verifyInclusion(index, size, leafHash, proof, root(0)), "empty root");
        assertFalse(Merkle.verifyInclusion(index, size, leafHash, proof, SOME_HASH), "random root");
        assertFalse(Merkle.verifyInclusion(index, size, leafHash, plus(proof, new byte[0], false), root), "trailing garbage");
        assertFalse(Merkle.verifyInclusion(index, size, leafHash, plus(proof, root, false), root), "trailing root");
        assertFalse(Merkle.verifyInclusion(index, size, leafHash, plus(proof, new byte[0], true), root), "preceding garbage");
        assertFalse(Merkle.verifyInclusion(index, size, leafHash, plus(proof, root, true), root), "preceding root");
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> flipped = new ArrayList<>(proof);
            byte[] b = proof.get(i).clone();
            b[0] ^= 8;
            flipped.set(i, b);
            assertFalse(Merkle.verifyInclusion(index, size, leafHash, flipped, root), "bit flipped in proof[" + i + "]");
        }
        if (!proof.isEmpty())
            assertFalse(Merkle.verifyInclusion(index, size, leafHash, proof.subList(0, proof.size() - 1), root), "removed component");
    }

    @Test
    void inclusion_refuses_impossible_trees() {
        for (long[] p : new long[][] {{0, 0}, {0, 1}, {1, 0}, {2, 1}}) {
            assertFalse(Merkle.verifyInclusion(p[0], p[1], SOME_HASH, List.of(), new byte[0]));
            assertFalse(Merkle.verifyInclusion(p[0], p[1], new byte[0], List.of(), root(0)));
            assertFalse(Merkle.verifyInclusion(p[0], p[1], SOME_HASH, List.of(), root(0)));
        }
        byte[] h = Merkle.leafHash("data".getBytes());
        assertTrue(Merkle.verifyInclusion(0, 1, h, List.of(), h));
        assertFalse(Merkle.verifyInclusion(0, 1, new byte[0], List.of(), h), "wrong hash size");
    }

    static Stream<Arguments> consistencyVectors() {
        return Stream.of(
                Arguments.of(1, 1, List.of()),
                Arguments.of(1, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                Arguments.of(6, 8, List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                Arguments.of(2, 5, List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
                Arguments.of(6, 7, List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
    }

    @ParameterizedTest(name = "from {0} to {1}")
    @MethodSource("consistencyVectors")
    void consistency_vectors_are_produced_and_verified_and_corruptions_refused(int size1, int size2, List<String> expected) {
        List<byte[]> proof = Merkle.consistencyProof(leafHashes(), size1, size2);
        assertEquals(expected, proof.stream().map(Hex::of).toList());
        byte[] r1 = root(size1), r2 = root(size2);
        assertTrue(Merkle.verifyConsistency(size1, size2, r1, r2, proof));
        if (proof.isEmpty()) return;
        assertFalse(Merkle.verifyConsistency(size1 - 1, size2, r1, r2, proof), "size1 - 1");
        assertFalse(Merkle.verifyConsistency(size1 + 1, size2, r1, r2, proof), "size1 + 1");
        assertFalse(Merkle.verifyConsistency(size1 ^ 2, size2, r1, r2, proof), "size1 ^ 2");
        assertFalse(Merkle.verifyConsistency(size1, size2 * 2L, r1, r2, proof), "size2 * 2");
        assertFalse(Merkle.verifyConsistency(size1, size2 / 2, r1, r2, proof), "size2 / 2");
        assertFalse(Merkle.verifyConsistency(size1, size2, "WrongRoot".getBytes(), r2, proof), "wrong root1");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, "WrongRoot".getBytes(), proof), "wrong root2");
        assertFalse(Merkle.verifyConsistency(size1, size2, r2, r1, proof), "swapped roots");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, List.of()), "empty proof");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, plus(proof, new byte[0], false)), "trailing garbage");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, plus(proof, r1, false)), "trailing root1");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, plus(proof, r2, false)), "trailing root2");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, plus(proof, new byte[0], true)), "preceding garbage");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, plus(proof, r1, true)), "preceding root1");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, plus(proof, r2, true)), "preceding root2");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, plus(proof, proof.get(0), true)), "preceding proof[0]");
        assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, proof.subList(0, proof.size() - 1)), "truncated");
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> flipped = new ArrayList<>(proof);
            byte[] b = proof.get(i).clone();
            b[0] ^= 16;
            flipped.set(i, b);
            assertFalse(Merkle.verifyConsistency(size1, size2, r1, r2, flipped), "bit flipped in proof[" + i + "]");
        }
    }

    @Test
    void consistency_edge_cases() {
        byte[] a = "don't care 1".getBytes(), b = "don't care 2".getBytes(), empty = root(0);
        assertFalse(Merkle.verifyConsistency(0, 0, a, b, List.of()));
        assertFalse(Merkle.verifyConsistency(1, 1, a, b, List.of()));
        assertTrue(Merkle.verifyConsistency(0, 0, a, a, List.of()));
        assertTrue(Merkle.verifyConsistency(0, 1, a, b, List.of()));
        assertTrue(Merkle.verifyConsistency(1, 1, b, b, List.of()));
        assertFalse(Merkle.verifyConsistency(1, 0, a, b, List.of()), "time travel");
        assertFalse(Merkle.verifyConsistency(2, 1, a, b, List.of()), "time travel");
        assertFalse(Merkle.verifyConsistency(1, 2, a, b, List.of()), "empty proof");
        assertFalse(Merkle.verifyConsistency(0, 0, empty, empty, List.of(empty)), "proof where none is due");
        assertFalse(Merkle.verifyConsistency(0, 1, empty, empty, List.of(empty)), "proof where none is due");
        assertFalse(Merkle.verifyConsistency(1, 1, empty, empty, List.of(empty)), "proof where none is due");
    }

    @Test
    void every_generated_proof_of_a_larger_tree_verifies() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 70; i++) leaves.add(Merkle.leafHash(("entry " + i).getBytes()));
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] rn = Merkle.root(leaves.subList(0, n));
            for (int m = 0; m < n; m++) {
                assertTrue(Merkle.verifyInclusion(m, n, leaves.get(m), Merkle.inclusionProof(leaves, m, n), rn), m + " in " + n);
                byte[] rm = Merkle.root(leaves.subList(0, m));
                assertTrue(Merkle.verifyConsistency(m, n, rm, rn, Merkle.consistencyProof(leaves, m, n)), m + " -> " + n);
            }
            CompactRange r = new CompactRange();
            leaves.subList(0, n).forEach(r::append);
            assertArrayEquals(rn, r.root());
        }
    }

    private static List<byte[]> plus(List<byte[]> proof, byte[] extra, boolean front) {
        List<byte[]> out = new ArrayList<>(proof);
        if (front) out.add(0, extra);
        else out.add(extra);
        return out;
    }
}
