package io.linehub.sip;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JAIN-SIP stack's settings. Each limit is set deliberately, with its reason beside it: most
 * were found by the benchmark or by bad input (docs/sip.md, docs/benchmarks.md).
 */
final class StackProperties {

  /** Requested SO_RCVBUF/SO_SNDBUF of the SIP UDP socket; the kernel caps it at net.core.rmem_max/wmem_max. */
  static final int UDP_SOCKET_BUFFER = 4 * 1024 * 1024;
  /** The largest SIP message taken, on TCP and UDP. */
  static final int MAX_MESSAGE_SIZE = 16 * 1024;
  /** How long a TCP message may take from its first byte to its last. */
  static final Duration TCP_READ_TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicInteger STACKS = new AtomicInteger();

  private StackProperties() {
  }

  /** The properties of a new stack listening on {@code port}. */
  static Properties of(int port) {
    Properties p = new Properties();
    // Unique per stack: the factory hands back an existing stack of the same name.
    p.setProperty("javax.sip.STACK_NAME", "linehub-" + port + "-" + STACKS.incrementAndGet());
    p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
    // Events are handed straight to a Vert.x context, so the listener may be entered concurrently.
    p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
    // UDP datagrams are read and parsed on one thread through one buffer (InlineUdpProcessor says why).
    p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", InlineUdpProcessor.Factory.class.getName());
    // Should the stack's own UDP processor be used instead (see InlineUdpProcessor.Factory), one thread
    // takes datagrams off its queue, parses them and hands them to the context in arrival order. With
    // several, two messages of one call sent back to back (a phone's 180 and 200) were parsed in
    // parallel and could reach the B2BUA the wrong way round (seen under load: callers got 200 before
    // 180). Parsing is all the stack thread does; the work runs on the verticle.
    p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
    // The stack sets the UDP socket's buffers itself (default 64 KiB, 128 KiB in the kernel): about 30 ms
    // of datagrams at 450 calls/s, so one GC pause made the kernel drop phones' 180s (never resent)
    // and callers got 200 before 180. 4 MiB rides out pauses; the kernel caps it at net.core.rmem_max
    // and wmem_max, which a busy server raises (docs/sip.md). It is also where a backlog waits while
    // the parsing thread is behind. Only SO_RCVBUF/SO_SNDBUF: nothing the size of it is allocated.
    p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(UDP_SOCKET_BUFFER));
    p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(UDP_SOCKET_BUFFER));
    // The largest message taken, on TCP and UDP (a longer datagram is dropped). 16 KiB is four times
    // pjsip's default packet limit and several times a large INVITE (video, ICE candidates); RFC 3261
    // §18.1.1 sends anything near it over TCP anyway. (The stack's own UDP processor would also
    // allocate and zero a buffer of this size per datagram: 64 KiB unless set lower.)
    p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(MAX_MESSAGE_SIZE));
    // Overload protection: past 80% of this many server transactions the stack drops new requests at
    // random (the senders retransmit), all of them at 100%, instead of growing the table without bound.
    // Finished transactions stay in the table for Timer J (32 s on UDP), about two per call, so 20,000
    // started dropping INVITEs at ~250 calls/s; 100,000 holds ~1,250 calls/s of history (~0.5 GB).
    p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "100000");
    // The default timer is a java.util.Timer whose cancelled tasks stay in its heap until they fall
    // due: with every transaction arming several timers, its thread spent ~12% of the hub's samples
    // re-sorting dead tasks. The stack's executor timer removed cancelled tasks but still kept a heap of
    // tens of thousands (~6% of the hub's samples at 500 calls/s): a hashed wheel, O(1) both ways.
    p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", WheelSipTimer.class.getName());
    // Each TCP connection is a socket and a reader thread: a flood of connections is refused here, not
    // by the process running out of file descriptors.
    p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "4096");
    // A TCP message begun and not finished within this time closes its connection. Each connection
    // holds a stack thread, so a sender that stalls halfway through a message (a broken link, a
    // slow-loris attack) would otherwise hold one for ever. The clock runs only from a message's first
    // byte to its end: phones' idle connections between messages are not affected.
    p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", Long.toString(TCP_READ_TIMEOUT.toMillis()));
    // A non-INVITE transaction of ours is answered at once or relayed (INFO, UPDATE: at most Timer F,
    // 32 s, on the other leg); none has a reason to outlive twice that.
    p.setProperty("gov.nist.javax.sip.MAX_TX_LIFETIME_NON_INVITE", "64");
    // A caller waits in a line's queue with an early dialog (180 sent) for up to the line's maxWaitSec
    // (at most a day); the stack's default of 3 minutes would end those calls. INVITE transactions get
    // no lifetime cap either: routing's timers end every waiting call.
    p.setProperty("gov.nist.javax.sip.EARLY_DIALOG_TIMEOUT_SECONDS", "86400");
    // Finished transactions keep their parsed messages (the default, None): Normal (messages kept as
    // bytes) cut the garbage collector's copying at 800 calls/s, but the stack then clears a dialog's
    // Call-ID while its DialogTerminatedEvent is still on the way to the B2BUA, and a call whose
    // phone vanished could no longer be found and ended (seen in the benchmark as an NPE).
    p.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipStackLog.class.getName());
    p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
    return p;
  }
}
