package io.tickring.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;

/**
 * One member of a tickring cluster in this process: its media driver, archive and consensus module
 * (one {@link ClusteredMediaDriver}) and the clustered service container running the {@link
 * EngineService}. Every agent shares one thread per component and idles with a backoff that parks
 * up to 1 ms, so three members and a client run on a 2-core machine without spinning.
 *
 * <p>Ports, for member {@code id} and base {@code B}: {@code B + 10 id + 1} ingress, {@code + 2}
 * consensus, {@code + 3} log, {@code + 4} catch-up, {@code + 5} archive control; all on the host
 * the member list names (loopback in tests).
 */
public final class ClusterNode implements AutoCloseable {
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;

    private ClusterNode(ClusteredMediaDriver driver, ClusteredServiceContainer container) {
        this.driver = driver;
        this.container = container;
    }

    /** The member list of {@code nodes} members on {@code host}, ports from {@code portBase}. */
    public static String members(String host, int nodes, int portBase) {
        StringBuilder sb = new StringBuilder();
        for (int id = 0; id < nodes; id++) {
            if (id > 0) {
                sb.append('|');
            }
            sb.append(id);
            for (int k = 1; k <= 5; k++) {
                sb.append(',').append(host).append(':').append(port(portBase, id, k));
            }
        }
        return sb.toString();
    }

    /** The client's ingress endpoints for the same members: {@code id=host:port,...}. */
    public static String ingressEndpoints(String host, int nodes, int portBase) {
        StringBuilder sb = new StringBuilder();
        for (int id = 0; id < nodes; id++) {
            if (id > 0) {
                sb.append(',');
            }
            sb.append(id).append('=').append(host).append(':').append(port(portBase, id, 1));
        }
        return sb.toString();
    }

    private static int port(int portBase, int id, int offset) {
        return portBase + 10 * id + offset;
    }

    /** A low-CPU idle: spin a little, yield, then park up to 1 ms. */
    static IdleStrategy lowCpuIdle() {
        return new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));
    }

    /**
     * Starts member {@code id} of {@code members} with its files under {@code dir} (the media
     * driver's, the archive's, the consensus module's), all deleted at start: a fresh member.
     */
    public static ClusterNode start(
            int id, String members, String host, int portBase, Path dir, ClusteredService service) {
        Supplier<IdleStrategy> idle = ClusterNode::lowCpuIdle;
        String aeronDir = dir.resolve("driver").toString();
        File clusterDir = dir.resolve("cluster").toFile();
        MediaDriver.Context driverCtx =
                new MediaDriver.Context()
                        .aeronDirectoryName(aeronDir)
                        .threadingMode(ThreadingMode.SHARED)
                        .sharedIdleStrategy(lowCpuIdle())
                        .termBufferSparseFile(true)
                        .dirDeleteOnStart(true)
                        .dirDeleteOnShutdown(true);
        Archive.Context archiveCtx =
                new Archive.Context()
                        .aeronDirectoryName(aeronDir)
                        .archiveDir(dir.resolve("archive").toFile())
                        .archiveId(id)
                        .controlChannel("aeron:udp?endpoint=" + host + ":" + port(portBase, id, 5))
                        .localControlChannel("aeron:ipc?term-length=64k")
                        .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                        .archiveClientContext(
                                new AeronArchive.Context()
                                        .controlResponseChannel(
                                                "aeron:udp?endpoint=" + host + ":0"))
                        .recordingEventsEnabled(false)
                        .threadingMode(ArchiveThreadingMode.SHARED)
                        .idleStrategySupplier(idle)
                        .deleteArchiveOnStart(true);
        AeronArchive.Context archiveClient =
                new AeronArchive.Context()
                        .lock(NoOpLock.INSTANCE)
                        .controlRequestChannel(archiveCtx.localControlChannel())
                        .controlRequestStreamId(archiveCtx.localControlStreamId())
                        .controlResponseChannel(archiveCtx.localControlChannel())
                        .aeronDirectoryName(aeronDir);
        ConsensusModule.Context consensusCtx =
                new ConsensusModule.Context()
                        .aeronDirectoryName(aeronDir)
                        .clusterMemberId(id)
                        .clusterMembers(members)
                        .clusterDir(clusterDir)
                        .archiveContext(archiveClient.clone())
                        .serviceCount(1)
                        .ingressChannel("aeron:udp")
                        .logChannel("aeron:udp?term-length=4m")
                        .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                        .idleStrategySupplier(idle)
                        .deleteDirOnStart(true);
        ClusteredMediaDriver driver = null;
        try {
            driver = ClusteredMediaDriver.launch(driverCtx, archiveCtx, consensusCtx);
            ClusteredServiceContainer container =
                    ClusteredServiceContainer.launch(
                            new ClusteredServiceContainer.Context()
                                    .aeronDirectoryName(aeronDir)
                                    .archiveContext(archiveClient.clone())
                                    .clusterDir(clusterDir)
                                    .clusteredService(service)
                                    .idleStrategySupplier(idle));
            return new ClusterNode(driver, container);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    /** Stops the member: the service container, then the consensus module, archive and driver. */
    @Override
    public void close() {
        CloseHelper.closeAll(container, driver);
    }
}
