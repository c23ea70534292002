package dev.ftp426.capture.pcap;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.ftp426.capture.support.Tshark;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PcapBindingTest
{
    private static final String IPV4 = "external/zeek__ipv4.pcap";

    @BeforeAll
    static void requireLibpcap()
    {
        assumeTrue(Pcap.isAvailable(), () -> "libpcap missing: " + Pcap.unavailableReason().getMessage());
    }

    @Test
    void reportsTheLibraryVersion()
    {
        assertThat(Pcap.libraryVersion()).startsWith("libpcap version ");
        assertThat(Pcap.hasNanosecondTimestamps()).isTrue();
        assertThat(Pcap.hasImmediateMode()).isTrue();
    }

    @Test
    void aMissingLibraryIsReportedWithTheInstallHint()
    {
        final PcapLibrary missing = PcapLibrary.load("ftp426-no-such-pcap", "libftp426-absent.so.0.8");

        assertThat(missing.lib).isNull();
        assertThat(missing.failure)
            .isInstanceOf(LibpcapUnavailableException.class)
            .hasMessageStartingWith("libpcap: cannot load the system library (tried ftp426-no-such-pcap, " +
                "libftp426-absent.so.0.8): ");
        assertThat(missing.failure.userMessage()).endsWith("(hint: install libpcap, e.g. 'apt-get install libpcap0.8')");
        assertThat(PcapLibrary.load("c").failure).isNotNull();
        assertThat(PcapLibrary.load("libpcap.so.0.8").lib.pcap_lib_version()).isEqualTo(Pcap.libraryVersion());
    }

    @Test
    void listsInterfacesIncludingLoopbackOrAny()
    {
        final List<CaptureInterface> interfaces = Interfaces.list();

        assertThat(interfaces).extracting(CaptureInterface::name).containsAnyOf("lo", "any");
        for (int i = 0; i < interfaces.size(); i++)
        {
            assertThat(interfaces.get(i).number()).isEqualTo(i + 1);
        }
        interfaces.stream().filter(i -> "lo".equals(i.name())).forEach(lo ->
        {
            assertThat(lo.isLoopback()).isTrue();
            assertThat(lo.isUp()).isTrue();
            assertThat(lo.flagsText()).contains("Loopback");
        });
        assertThat(Interfaces.resolve("1")).isEqualTo(interfaces.get(0).name());
        assertThat(Interfaces.resolve("eth7")).isEqualTo("eth7");
        assertThatThrownBy(() -> Interfaces.resolve(String.valueOf(interfaces.size() + 1)))
            .isInstanceOf(NoSuchInterfaceException.class)
            .hasMessageContaining("out of range");
    }

    @Test
    void unknownInterfaceIsAClearError()
    {
        try (PcapHandle pcap = PcapHandle.create("ftp426nosuch0"))
        {
            final Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(pcap::activate);
            if (isRoot())
            {
                assertThat(thrown).isInstanceOf(NoSuchInterfaceException.class)
                    .hasMessageStartingWith("ftp426nosuch0: no such device");
                assertThat(((PcapException)thrown).hint()).contains("interfaces");
            }
            else
            {
                assertThat(thrown).isInstanceOfAny(NoSuchInterfaceException.class, CapturePermissionException.class);
            }
        }
    }

    @Test
    void activationStatusesMapToTheErrorsUsersNeed()
    {
        final PcapException perm = PcapHandle.activationFailure(
            "eth0", -8, "You don't have permission to perform this capture on that device",
            "socket: Operation not permitted");
        assertThat(perm).isInstanceOf(CapturePermissionException.class)
            .hasMessage("eth0: permission denied (socket: Operation not permitted)");
        assertThat(perm.hint()).contains("root").contains("CAP_NET_RAW");

        assertThat(PcapHandle.activationFailure("eth0", -11, "x", ""))
            .isInstanceOf(CapturePermissionException.class).hasMessageContaining("promiscuous");
        assertThat(PcapHandle.activationFailure("eth0", -1, "generic error", "socket: Operation not permitted"))
            .isInstanceOf(CapturePermissionException.class);
        assertThat(PcapHandle.activationFailure("eth9", -5, "No such device exists", "No such device exists"))
            .isInstanceOf(NoSuchInterfaceException.class).hasMessage("eth9: no such device");
        final PcapException down = PcapHandle.activationFailure("eth0", -9, "That device is not up", "");
        assertThat(down).hasMessage("eth0: interface is down");
        assertThat(down.hint()).isEqualTo("ip link set eth0 up");
        assertThat(PcapHandle.activationFailure("eth0", -1, "generic error", "something odd"))
            .isExactlyInstanceOf(PcapException.class).hasMessage("eth0: generic error (something odd)");
    }

    @Test
    void badFilterCarriesLibpcapsMessage()
    {
        assertThatThrownBy(() -> OfflineFilter.compile(LinkType.ETHERNET, 0, "tcp prot 21"))
            .isInstanceOf(BadFilterException.class)
            .hasMessageStartingWith("bad filter expression 'tcp prot 21': ")
            .hasMessageContaining("syntax error");
        assertThatThrownBy(() -> OfflineFilter.compile(LinkType.ETHERNET, 0, "port 70000"))
            .isInstanceOf(BadFilterException.class)
            .hasMessageContaining("70000");
    }

    @Test
    void offlineFilterAgreesWithTshark() throws Exception
    {
        Tshark.assumeAvailable();
        final Path file = Tshark.corpusFile(IPV4);
        final int expected = Tshark.frames(file, "tcp.port == 21").size();
        final int total = Tshark.frames(file, null).size();

        int matchedNative = 0;
        int matchedHeap = 0;
        int frames = 0;
        final Frame frame = new Frame();
        final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[65536]);
        try (PcapHandle pcap = PcapHandle.openOffline(file, true);
            OfflineFilter filter = OfflineFilter.compile(pcap.linkType(), pcap.snapshotLength(), "tcp port 21"))
        {
            assertThat(filter.linkType()).isEqualTo(LinkType.ETHERNET);
            while (PcapHandle.PACKET == pcap.next())
            {
                frames++;
                packet.wrap(pcap.dataAddress(), pcap.capturedLength());
                frame.wrap(packet, 0, pcap.capturedLength(), pcap.originalLength(), pcap.timestampNanos(),
                    pcap.linkType(), 0, frames, -1);
                matchedNative += filter.matches(frame) ? 1 : 0;

                heap.putBytes(7, packet, 0, pcap.capturedLength());
                frame.wrap(heap, 7, pcap.capturedLength(), pcap.originalLength(), 0, LinkType.ETHERNET, 0, frames, -1);
                matchedHeap += filter.matches(frame) ? 1 : 0;
            }
        }

        assertThat(frames).isEqualTo(total);
        assertThat(expected).isPositive().isLessThan(total);
        assertThat(matchedNative).isEqualTo(expected);
        assertThat(matchedHeap).isEqualTo(expected);
    }

    @Test
    void filterSetCompilesPerLinkTypeAndRejectsBadExpressionsUpFront()
    {
        assertThatThrownBy(() -> OfflineFilterSet.compile("tcp prot 21", 0))
            .isInstanceOf(BadFilterException.class).hasMessageContaining("syntax error");

        final UnsafeBuffer bytes = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        // IPv4/TCP 198.51.100.1:40000 -> 198.51.100.2:21, as raw IP and behind an Ethernet header
        final int[] ip = {0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 198, 51, 100, 1, 198, 51, 100, 2,
            0x9C, 0x40, 0, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x02, 0xFF, 0xFF, 0, 0, 0, 0};
        for (int i = 0; i < ip.length; i++)
        {
            bytes.putByte(14 + i, (byte)ip[i]);
        }
        bytes.putByte(12, (byte)0x08);
        final Frame ether = new Frame().wrap(bytes, 0, 54, 54, 0, LinkType.ETHERNET, 0, 1, -1);
        final Frame raw = new Frame().wrap(bytes, 14, 40, 40, 0, LinkType.RAW, 0, 2, -1);

        try (OfflineFilterSet ftp = OfflineFilterSet.compile("tcp dst port 21", 0);
            OfflineFilterSet other = OfflineFilterSet.compile("tcp port 22", 0);
            OfflineFilterSet etherOnly = OfflineFilterSet.compile("ether host 02:00:00:00:00:01", 0))
        {
            assertThat(ftp.matches(ether)).isTrue();
            assertThat(ftp.matches(raw)).isTrue();
            assertThat(ftp.matches(ether)).isTrue();
            assertThat(other.matches(ether)).isFalse();
            assertThat(other.matches(raw)).isFalse();
            assertThatThrownBy(() -> etherOnly.matches(raw))
                .isInstanceOf(BadFilterException.class)
                .hasMessageContaining("for link type raw");
        }
    }

    @Test
    void offlineHandleReadsWhatTsharkReads() throws Exception
    {
        Tshark.assumeAvailable();
        final Path file = Tshark.corpusFile(IPV4);
        final List<Tshark.FrameInfo> expected = Tshark.frames(file, null);
        final List<Tshark.FrameInfo> actual = new ArrayList<>();
        try (PcapHandle pcap = PcapHandle.openOffline(file, true))
        {
            assertThat(pcap.isNanosecondPrecision()).isTrue();
            assertThat(pcap.readStats()).isFalse();
            int status;
            while (PcapHandle.PACKET == (status = pcap.next()))
            {
                actual.add(new Tshark.FrameInfo(
                    actual.size() + 1, pcap.timestampNanos(), pcap.capturedLength(), pcap.originalLength()));
            }
            assertThat(status).isEqualTo(PcapHandle.BREAK_OR_EOF);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void dumperWritesFramesTsharkReadsBack(@TempDir final Path dir) throws Exception
    {
        Tshark.assumeAvailable();
        final Path file = Tshark.corpusFile(IPV4);
        final Path out = dir.resolve("copy.pcap");
        final Frame frame = new Frame();
        final ByteBuffer heapBytes = ByteBuffer.allocate(65536);
        final UnsafeBuffer heap = new UnsafeBuffer(heapBytes);
        final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
        long written;
        try (PcapHandle pcap = PcapHandle.openOffline(file, true);
            PcapDumper dumper = PcapDumper.open(out.toString(), pcap.linkType(), pcap.snapshotLength(), true))
        {
            long number = 0;
            while (PcapHandle.PACKET == pcap.next())
            {
                number++;
                packet.wrap(pcap.dataAddress(), pcap.capturedLength());
                // alternate native and heap-backed frames to cover both paths
                if (0 == (number & 1))
                {
                    frame.wrap(packet, 0, pcap.capturedLength(), pcap.originalLength(), pcap.timestampNanos(),
                        pcap.linkType(), 0, number, -1);
                }
                else
                {
                    heap.putBytes(0, packet, 0, pcap.capturedLength());
                    frame.wrap(heap, 0, pcap.capturedLength(), pcap.originalLength(), pcap.timestampNanos(),
                        pcap.linkType(), 0, number, -1);
                }
                dumper.write(frame);
            }
            written = dumper.written();
        }

        assertThat(written).isEqualTo(Tshark.frames(file, null).size());
        assertThat(Files.size(out)).isEqualTo(Files.size(file));
        assertThat(Tshark.frames(out, null)).isEqualTo(Tshark.frames(file, null));
    }

    @Test
    void closedHandleFailsFastAndCloseIsIdempotent()
    {
        final PcapHandle pcap = PcapHandle.openDead(LinkType.ETHERNET, 65535, false);
        pcap.close();
        pcap.close();
        assertThat(pcap.isClosed()).isTrue();
        assertThatThrownBy(pcap::linkType).isInstanceOf(IllegalStateException.class);
        pcap.breakLoop();
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }
}
