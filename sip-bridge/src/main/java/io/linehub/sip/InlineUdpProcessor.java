package io.linehub.sip;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's UDP socket read and parsed on one thread, through one buffer.
 *
 * <p>JAIN-SIP's own processor reads every datagram into a fresh buffer of {@code MAX_MESSAGE_SIZE}
 * (zeroed, then copied to the message's length and dropped) and queues it to a parsing thread. In
 * the benchmark that buffer was a quarter of the hub's allocation, each datagram cost a thread
 * hand-off, and the queue between the two threads had no bound: under overload it grew to 17,000
 * datagrams before the stack's congestion auditor dropped the oldest. Here the receiving thread reads
 * into one buffer of the largest datagram and hands it straight to the stack's parsing code, which
 * copies the message's own bytes. The stack then works exactly as with {@code THREAD_POOL_SIZE} 1:
 * one thread, datagrams in arrival order, so a phone's 180 still reaches the B2BUA before its 200.
 * A backlog waits in the socket's receive buffer (4 MiB, bounded by the kernel) instead of the heap.
 * (The CPU per call of the call benchmark stayed the same: short-lived garbage is cheap.)
 *
 * <p>A datagram longer than {@code MAX_MESSAGE_SIZE} is dropped and counted: JAIN-SIP would have
 * parsed the first {@code MAX_MESSAGE_SIZE} bytes of it. One the stack's code fails on (a request
 * without CSeq makes it throw) is dropped and counted too, and logged at most once a minute: a flood
 * of them would otherwise write a line each (the stack's own thread does).
 *
 * <p>Measured with {@code bench/sip/flood.py} (200,000 junk datagrams a second for 20 s): the
 * stack's own processor let the heap in use grow to 5.9 GB, about the whole default heap of the
 * benchmark machine, and the hub answered an OPTIONS 9.4 s after the flood ended; with this one the
 * heap stayed under 230 MB and the OPTIONS was answered in 0.2 s.
 *
 * <p>The stack's parsing entry point and the flag its own factory sets are not public; they are
 * reached once, by handles. Should a later JAIN-SIP not have them, {@link Factory} falls back to the
 * stack's own processor and says so.
 */
final class InlineUdpProcessor extends UDPMessageProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(InlineUdpProcessor.class);
  /** More than the largest UDP payload over IPv4 or IPv6 without jumbograms (65,507 / 65,527 bytes). */
  private static final int LARGEST_DATAGRAM = 65_536;
  private static final MethodHandle PROCESS = processEntry();
  /**
   * The stack's flag that sends UDP from the listening socket; its own factory sets it with the UDP
   * processor. Unset, every request went out from a fresh socket of its own, so phones' answers
   * (sent back to where the request came from) reached nothing.
   */
  private static final VarHandle SEND_FROM_LISTENER = sendFromListenerFlag();

  private final Drops drops;
  /** Dropped datagrams in the log: the first, then a count a minute (this processor's thread only). */
  private final LogThrottle dropLog = new LogThrottle(Duration.ofMinutes(1));

  private InlineUdpProcessor(InetAddress address, SIPTransactionStack stack, int port, Drops drops)
      throws IOException {
    super(address, stack, port);
    this.drops = drops;
    // The stack's stop() closes these; its own run() would have created the list.
    messageChannels = new LinkedList<>();
  }

  @Override
  public void run() {
    byte[] buffer = new byte[LARGEST_DATAGRAM];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    UDPMessageChannel channel;
    try {
      // A channel made for replies (no thread of its own) with the stack's parser: the stack's own
      // parsing threads are such channels, each taking datagrams one after the other.
      channel = (UDPMessageChannel) createMessageChannel(getIpAddress(), getPort());
    } catch (IOException e) {
      LOG.error("SIP UDP processor could not start on port {}", getPort(), e);
      return;
    }
    // (getMaximumMessageSize() is the socket's receive buffer, not the message limit.)
    int limit = sipStack.getMaxMessageSize() > 0 ? sipStack.getMaxMessageSize() : LARGEST_DATAGRAM - 1;
    while (isRunning) {
      try {
        packet.setLength(buffer.length);
        sock.receive(packet);
      } catch (SocketTimeoutException idle) {
        continue;
      } catch (IOException e) {
        if (!isRunning) {
          return; // stop() closed the socket
        }
        dropped(() -> "receive failed on port " + getPort() + ": " + e);
        continue;
      }
      if (packet.getLength() > limit) {
        drops.oversized.incrementAndGet();
        int length = packet.getLength();
        InetAddress address = packet.getAddress();
        int port = packet.getPort();
        dropped(() -> length + " bytes from " + from(address, port) + ", over the " + limit + "-byte limit");
        continue;
      }
      try {
        PROCESS.invokeExact(channel, packet);
      } catch (Throwable e) {
        // A malformed message does not come here: the stack answers or drops it itself. This is a
        // message the stack's code failed on; its own parsing thread logs and drops it too.
        drops.failed.incrementAndGet();
        InetAddress address = packet.getAddress();
        int port = packet.getPort();
        dropped(() -> "the stack failed on a datagram from " + from(address, port) + ": " + e);
      }
    }
  }

  private static String from(InetAddress address, int port) {
    return address.getHostAddress() + ":" + port;
  }

  /** Logs a drop when its turn comes; the text is made only then (a flood makes one per datagram). */
  private void dropped(Supplier<String> latest) {
    if (dropLog.count()) {
      LOG.warn("SIP over UDP dropped {} datagram(s) since the last report; the latest: {}", dropLog.reported(),
          SipStackLog.cut(latest.get()));
    }
  }

  /** Datagrams dropped by the UDP processors of one stack, for the metrics. */
  static final class Drops {
    /** Longer than {@code MAX_MESSAGE_SIZE}. */
    final AtomicLong oversized = new AtomicLong();
    /** The stack's code failed on them. */
    final AtomicLong failed = new AtomicLong();
  }

  private static VarHandle sendFromListenerFlag() {
    try {
      return MethodHandles.privateLookupIn(SIPTransactionStack.class, MethodHandles.lookup())
          .findVarHandle(SIPTransactionStack.class, "udpFlag", boolean.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static MethodHandle processEntry() {
    try {
      return MethodHandles.privateLookupIn(UDPMessageChannel.class, MethodHandles.lookup())
          .findVirtual(UDPMessageChannel.class, "processIncomingDataPacket",
              MethodType.methodType(void.class, DatagramPacket.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The stack's {@code MESSAGE_PROCESSOR_FACTORY}: UDP through {@link InlineUdpProcessor}, everything
   * else as the stack's default factory makes it. Public with a no-argument constructor: the stack
   * instantiates it by name, one per stack.
   */
  public static final class Factory implements MessageProcessorFactory {

    private static final OIOMessageProcessorFactory DEFAULT = new OIOMessageProcessorFactory();
    private final Drops drops = new Drops();

    static {
      if (PROCESS == null || SEND_FROM_LISTENER == null) {
        LOG.info("SIP over UDP uses JAIN-SIP's own datagram processor: its parsing entry point is not reachable");
      }
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
        String transport) throws IOException {
      if (PROCESS != null && SEND_FROM_LISTENER != null && "udp".equalsIgnoreCase(transport)) {
        InlineUdpProcessor processor = new InlineUdpProcessor(address, stack, port, drops);
        SEND_FROM_LISTENER.set(stack, true);
        return processor;
      }
      return DEFAULT.createMessageProcessor(stack, address, port, transport);
    }

    /** UDP datagrams this stack dropped. */
    Drops drops() {
      return drops;
    }
  }
}
