package io.shomei.testing.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs a task on many threads that start together, and rethrows the first failure.
 *
 * @since 0.1.0
 */
public final class Concurrently {
  private Concurrently() {}

  /**
   * Runs {@code task(threadIndex)} on {@code threads} threads released at once, waiting at most
   * {@code limit} for all of them.
   *
   * @param threads number of threads
   * @param limit how long to wait for all of them
   * @param task the work of one thread, given its index
   */
  public static void run(int threads, Duration limit, IntConsumer task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          task.accept(index);
          return null;
        }));
      }
      start.countDown();
      long deadline = System.nanoTime() + limit.toNanos();
      for (Future<?> f : futures) {
        long left = deadline - System.nanoTime();
        f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("threads did not finish within " + limit, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
