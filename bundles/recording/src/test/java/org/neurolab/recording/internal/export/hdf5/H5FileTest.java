package org.neurolab.recording.internal.export.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's HDF5 writer, read back by Debian's h5py (libhdf5 checks every checksum and address): groups, attributes
 * of each kind, UTF-8 strings across more than one global heap, object references, soft links, streamed data.
 */
class H5FileTest {
    @TempDir
    Path dir;

    String h5py(Path file, String code) throws Exception {
        Path script = dir.resolve("check.py");
        Files.writeString(script, "import h5py, numpy as np, sys\nf = h5py.File(sys.argv[1], 'r')\n" + code);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "h5py: " + out);
        return out.strip();
    }

    @Test
    void h5py_reads_what_it_writes() throws Exception {
        H5File f = new H5File();
        H5Group root = f.root();
        root.attr("title", "µV über alles").attr("rate", H5Type.FLOAT32, 30000f).attr("n", H5Type.INT64, -5L).attr("names", List.of("a", "b", ""));
        H5Group table = root.group("table");
        H5Dataset x = table.add("x", H5Dataset.vector(H5Type.FLOAT32, new float[]{1.5f, -2.5f}));
        String[] many = new String[70_000]; // more strings than one global heap collection holds
        for (int i = 0; i < many.length; i++) many[i] = "command-" + i;
        table.add("names", H5Dataset.vector(H5Type.TEXT, many));
        root.add("region", H5Dataset.vector(H5Type.INT32, new int[]{0, 1})).attr("table", table);
        root.add("refs", H5Dataset.vector(H5Type.REFERENCE, new H5Node[]{table, x}));
        root.add("ends", H5Dataset.vector(H5Type.UINT64, new long[]{3, 7}));
        root.add("samples", H5Dataset.streamed(H5Type.INT16, new long[]{50_000, 4}, o -> {
            for (int i = 0; i < 200_000; i++) o.int16((short) (i % 30_000 - 15_000));
        }));
        root.add("empty", H5Dataset.vector(H5Type.FLOAT64, new double[0]));
        root.add("when", H5Dataset.scalar("2026-12-04T10:00:00.000+00:00"));
        root.add("t0", H5Dataset.scalar(2.25)).attr("unit", "seconds");
        root.group("links").softLink("to_table", "/table");
        H5Group crowd = root.group("many"); // more links and attributes than HDF5 keeps compact by default
        for (int i = 0; i < 30; i++) crowd.group("g" + i).attr("i", H5Type.INT32, i);
        Path file = dir.resolve("t.h5");
        long length;
        try (OutputStream out = Files.newOutputStream(file)) {
            length = f.write(out);
        }
        assertEquals(Files.size(file), length);
        String out = h5py(file, """
                a = f.attrs
                assert a['title'] == 'µV über alles', a['title']
                assert a['rate'] == 30000.0 and a['n'] == -5 and list(a['names']) == ['a', 'b', '']
                assert list(f['table/x'][()]) == [1.5, -2.5]
                names = f['table/names'].asstr()[()]
                assert len(names) == 70000 and names[0] == 'command-0' and names[69999] == 'command-69999', names[-1]
                assert f[f['region'].attrs['table']].name == '/table'
                assert [f[r].name for r in f['refs'][()]] == ['/table', '/table/x']
                assert f['ends'].dtype == np.uint64 and list(f['ends'][()]) == [3, 7]
                s = f['samples'][()]
                assert s.shape == (50000, 4) and s.dtype == np.int16 and s[0, 0] == -15000 and s[-1, -1] == (199999 % 30000 - 15000)
                assert f['empty'].shape == (0,)
                assert f['when'].asstr()[()] == '2026-12-04T10:00:00.000+00:00'
                assert f['t0'][()] == 2.25 and f['t0'].attrs['unit'] == 'seconds'
                assert f['links/to_table/x'].shape == (2,) and f['links'].get('to_table', getlink=True).path == '/table'
                assert len(f['many']) == 30 and f['many/g29'].attrs['i'] == 29
                print('ok')
                """);
        assertEquals("ok", out);
    }

    @Test
    void a_streamed_dataset_that_writes_the_wrong_amount_fails_the_file() {
        H5File f = new H5File();
        f.root().add("short", H5Dataset.streamed(H5Type.FLOAT64, new long[]{10}, o -> o.float64(1)));
        var e = assertThrows(java.io.IOException.class, () -> f.write(new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("8 bytes where its shape needs 80"), e.getMessage());
    }

    @Test
    void names_and_links_are_checked() {
        H5Group g = new H5File().root();
        g.group("a");
        assertThrows(IllegalArgumentException.class, () -> g.group("a"), "two members of one name");
        assertThrows(IllegalArgumentException.class, () -> g.group("a/b"), "a slash is a path, not a name");
    }
}
