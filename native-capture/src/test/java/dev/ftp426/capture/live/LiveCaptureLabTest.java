package dev.ftp426.capture.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.ftp426.capture.pcap.BadFilterException;
import dev.ftp426.capture.pcap.CaptureInterface;
import dev.ftp426.capture.pcap.Interfaces;
import dev.ftp426.capture.pcap.NoSuchInterfaceException;
import dev.ftp426.capture.pcap.Pcap;
import dev.ftp426.capture.support.Tshark;
import dev.ftp426.pcap.LinkType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live capture on a veth pair whose peer sits in a private network namespace, so nothing touches real interfaces:
 * the host end has no address, the namespace end (198.51.100.0/24 only) sends UDP datagrams to a static neighbour
 * entry pointing at the host end. Needs root (skipped otherwise); left out by {@code -Dquick}.
 */
@Tag("lab")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveCaptureLabTest
{
    private static final int PACKETS = 20;
    private static final String SENDER = "198.51.100.2";
    private static final String TARGET = "198.51.100.1";

    private static String suffix;
    private static String namespace;
    private static String hostEnd;
    private static String peerEnd;

    @BeforeAll
    static void createNamespaceAndVeth() throws Exception
    {
        assumeTrue(Pcap.isAvailable(), "libpcap missing");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        suffix = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        namespace = "ftp426-cap-" + suffix;
        hostEnd = "f426h" + suffix;
        peerEnd = "f426p" + suffix;
        try
        {
            sh("ip", "netns", "add", namespace);
            sh("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", peerEnd);
            sh("ip", "link", "set", peerEnd, "netns", namespace);
            sh("sysctl", "-q", "-w", "net.ipv6.conf." + hostEnd + ".disable_ipv6=1");
            sh("ip", "link", "set", hostEnd, "up");
            sh("ip", "-n", namespace, "link", "set", "lo", "up");
            sh("ip", "-n", namespace, "addr", "add", SENDER + "/24", "dev", peerEnd);
            sh("ip", "-n", namespace, "link", "set", peerEnd, "up");
            final String mac = Files.readString(Path.of("/sys/class/net", hostEnd, "address")).trim();
            sh("ip", "-n", namespace, "neigh", "replace", TARGET, "lladdr", mac, "dev", peerEnd, "nud", "permanent");
        }
        catch (final Exception ex)
        {
            removeNamespaceAndVeth();
            throw ex;
        }
    }

    @AfterAll
    static void removeNamespaceAndVeth() throws Exception
    {
        if (null == namespace)
        {
            return;
        }
        try
        {
            shQuiet("ip", "link", "del", hostEnd);
        }
        finally
        {
            shQuiet("ip", "netns", "del", namespace);
        }
    }

    @Test
    void capturesExactlyWhatWasSentWithoutDrops(@TempDir final Path dir) throws Exception
    {
        assertThat(Interfaces.list()).extracting(CaptureInterface::name).contains(hostEnd);
        final Path dump = dir.resolve("live.pcap");
        final List<String> payloads = new ArrayList<>();
        final List<Long> numbers = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();
        final int[] badLinkType = {0};
        final long before = epochNanos();

        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forInterface(hostEnd)
            .filter("udp and dst host " + TARGET + " and dst port 9")
            .packetLimit(PACKETS)
            .duration(Duration.ofSeconds(20))
            .immediateMode(true)
            .bufferSizeKiB(4096)
            .statisticsIntervalMillis(50)
            .dumpFile(dump.toString())))
        {
            assertThat(capture.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(capture.isNanosecondPrecision()).isTrue();
            final CompletableFuture<CaptureStatistics> run = CompletableFuture.supplyAsync(() -> capture.run(frame ->
            {
                badLinkType[0] += LinkType.ETHERNET == frame.linkType() ? 0 : 1;
                numbers.add(frame.frameNumber());
                timestamps.add(frame.timestampNanos());
                final int payload = 14 + 20 + 8;
                final byte[] bytes = new byte[frame.capturedLength() - payload];
                frame.buffer().getBytes(payload, bytes);
                payloads.add(new String(bytes, StandardCharsets.US_ASCII));
            }));

            send(9, PACKETS + 5);

            final CaptureStatistics stats = run.get(30, TimeUnit.SECONDS);

            assertThat(stats.complete()).isTrue();
            assertThat(stats.received()).isEqualTo(PACKETS);
            assertThat(stats.delivered()).isEqualTo(PACKETS);
            assertThat(stats.ringDrops()).isZero();
            assertThat(stats.kernelStatisticsAvailable()).isTrue();
            assertThat(stats.kernelDrops()).isZero();
            assertThat(stats.interfaceDrops()).isZero();
            assertThat(stats.kernelReceived()).isGreaterThanOrEqualTo(PACKETS);
            assertThat(stats.truncated()).isZero();
        }

        final long after = epochNanos();
        assertThat(timestamps).isSorted().allSatisfy(ts -> assertThat(ts).isBetween(before - 1_000_000, after));
        assertThat(timestamps.stream().filter(ts -> ts % 1000 != 0).count()).isPositive();
        assertThat(badLinkType[0]).isZero();
        final List<String> expected = new ArrayList<>();
        final List<Long> expectedNumbers = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++)
        {
            expected.add(String.format("ftp426 lab %02d", i));
            expectedNumbers.add(i + 1L);
        }
        assertThat(payloads).isEqualTo(expected);
        assertThat(numbers).isEqualTo(expectedNumbers);
        assertThat(Tshark.frames(dump, "udp.dstport == 9 && ip.dst == " + TARGET)).hasSize(PACKETS);
    }

    @Test
    void aFullRingDropsAndCountsWithoutBlockingTheCaptureThread() throws Exception
    {
        final int sent = 300;
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final List<Long> numbers = new ArrayList<>();
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forInterface(hostEnd)
            .filter("udp and dst port 10").snaplen(128).ringCapacityBytes(4096).packetLimit(sent)
            .duration(Duration.ofSeconds(20)).immediateMode(true)))
        {
            final CompletableFuture<CaptureStatistics> run = CompletableFuture.supplyAsync(() -> capture.run(frame ->
            {
                awaitUninterruptibly(release);
                numbers.add(frame.frameNumber());
            }));
            send(10, sent);

            CaptureStatistics snapshot = capture.statistics();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (snapshot.received() < sent && System.nanoTime() < deadline)
            {
                sleep(10);
                snapshot = capture.statistics();
            }
            assertThat(snapshot.received()).isEqualTo(sent);
            assertThat(snapshot.complete()).isFalse();
            assertThat(snapshot.ringDrops()).isPositive();
            release.countDown();

            final CaptureStatistics stats = run.get(30, TimeUnit.SECONDS);
            assertThat(stats.complete()).isTrue();
            assertThat(stats.received()).isEqualTo(sent);
            assertThat(stats.delivered() + stats.ringDrops()).isEqualTo(sent);
            assertThat(stats.ringDrops()).isEqualTo(snapshot.ringDrops());
            assertThat(stats.kernelDrops()).isZero();
            assertThat(stats.totalDrops()).isEqualTo(stats.ringDrops());
            assertThat(numbers).hasSize((int)stats.delivered()).isSorted();
            assertThat(numbers.get(numbers.size() - 1)).isLessThanOrEqualTo(sent);
        }
    }

    @Test
    void durationAndStopEndAnIdleCapture() throws Exception
    {
        final long started = System.nanoTime();
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forInterface(hostEnd)
            .filter("udp and dst port 7").duration(Duration.ofMillis(300))))
        {
            final CaptureStatistics stats = capture.run(frame -> { });
            assertThat(stats.received()).isZero();
            assertThat(stats.complete()).isTrue();
            assertThat(stats.elapsedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
        }
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(10));

        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forInterface(hostEnd).filter("udp port 7")))
        {
            CompletableFuture.runAsync(() ->
            {
                sleep(200);
                capture.stop();
            });
            final CaptureStatistics stats = capture.run(frame -> { });
            assertThat(stats.complete()).isTrue();
            assertThat(capture.failure()).isNull();
        }
    }

    @Test
    void anInlineCaptureSeesTimePassOnAQuietLinkAndEveryFrameOnABusyOne() throws Exception
    {
        final List<String> payloads = new ArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger idle = new java.util.concurrent.atomic.AtomicInteger();
        final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forInterface(hostEnd).inline(true)
            .filter("udp and dst host " + TARGET + " and dst port 11").bufferSizeKiB(4096)))
        {
            final CompletableFuture<CaptureStatistics> run = CompletableFuture.supplyAsync(() -> capture.run(
                new IdleAwareFrameHandler()
                {
                    public void onFrame(final dev.ftp426.pcap.Frame frame)
                    {
                        threads.add(Thread.currentThread().getName());
                        final int payload = 14 + 20 + 8;
                        final byte[] bytes = new byte[frame.capturedLength() - payload];
                        frame.buffer().getBytes(payload, bytes);
                        payloads.add(new String(bytes, StandardCharsets.US_ASCII));
                    }

                    public void onIdle()
                    {
                        threads.add(Thread.currentThread().getName());
                        idle.incrementAndGet();
                    }
                }));

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (idle.get() < 3 && System.nanoTime() < deadline)
            {
                sleep(20);
            }
            assertThat(idle.get()).as("read timeouts seen on a quiet link").isGreaterThanOrEqualTo(3);

            send(11, PACKETS);
            CaptureStatistics snapshot = capture.statistics();
            while (snapshot.delivered() < PACKETS && System.nanoTime() < deadline)
            {
                sleep(20);
                snapshot = capture.statistics();
            }
            final long stopped = System.nanoTime();
            capture.stop();
            final CaptureStatistics stats = run.get(10, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - stopped).isLessThan(TimeUnit.SECONDS.toNanos(2));

            assertThat(stats.complete()).isTrue();
            assertThat(stats.received()).isEqualTo(PACKETS);
            assertThat(stats.delivered()).isEqualTo(PACKETS);
            assertThat(stats.ringDrops()).isZero();
            assertThat(stats.kernelStatisticsAvailable()).isTrue();
            assertThat(stats.kernelDrops()).isZero();
            assertThat(capture.failure()).isNull();
        }
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++)
        {
            expected.add(String.format("ftp426 lab %02d", i));
        }
        assertThat(payloads).isEqualTo(expected);
        assertThat(new java.util.HashSet<>(threads)).hasSize(1);
    }

    @Test
    void badFilterAndUnknownInterfaceAreClearErrors()
    {
        assertThatThrownBy(() -> LiveCapture.open(LiveCaptureOptions.forInterface(hostEnd).filter("udp port")))
            .isInstanceOf(BadFilterException.class)
            .hasMessageContaining("syntax error");
        assertThatThrownBy(() -> LiveCapture.open(LiveCaptureOptions.forInterface("f426x" + suffix)))
            .isInstanceOf(NoSuchInterfaceException.class)
            .hasMessageStartingWith("f426x" + suffix + ": no such device");
    }

    @Test
    void withoutCapNetRawThePermissionErrorSaysWhatIsNeeded() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/capsh")), "capsh missing");
        final String java = ProcessHandle.current().info().command().orElse("java");
        final String command = String.join(" ", quote(java),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", quote(System.getProperty("java.class.path")),
            PermissionProbe.class.getName(), hostEnd);
        final String out = Tshark.run(List.of("/usr/sbin/capsh", "--drop=cap_net_raw", "--", "-c", command)).trim();
        assertThat(out).startsWith("CapturePermissionException|" + hostEnd + ": permission denied")
            .contains("CAP_NET_RAW").contains("root");
    }

    /** Sends {@code count} UDP datagrams "ftp426 lab NN" from the namespace to the host end. */
    private static void send(final int port, final int count) throws IOException, InterruptedException
    {
        sh("ip", "netns", "exec", namespace, "/usr/bin/python3", "-c",
            "import socket\n" +
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n" +
            "for i in range(" + count + "):\n" +
            "    s.sendto(b'ftp426 lab %02d' % i, ('" + TARGET + "', " + port + "))\n");
    }

    private static void awaitUninterruptibly(final java.util.concurrent.CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static long epochNanos()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String quote(final String value)
    {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void sh(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || 0 != process.exitValue())
        {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void shQuiet(final String... command)
    {
        try
        {
            sh(command);
        }
        catch (final IOException | InterruptedException ex)
        {
            // best effort cleanup
        }
    }
}
