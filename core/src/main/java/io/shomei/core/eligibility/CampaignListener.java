package io.shomei.core.eligibility;

/**
 * Receives the progress of a campaign scan, on the scanning thread: every
 * {@link Campaign.Builder#progressEvery(int)} certificates and once at the end
 * ({@link CampaignProgress#finished()}). It should return quickly; an exception it throws stops the
 * scan.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CampaignListener {

  /**
   * One progress report.
   *
   * @param progress where the scan is
   */
  void onProgress(CampaignProgress progress);
}
