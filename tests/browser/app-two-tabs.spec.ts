// Two tabs on one case: while one scans a session, the other cannot start a second scan into
// it (it says why), and opening the session there does not mistake the running scan for an
// interrupted one. The big file is synthetic (tests/fixtures/ui/big-file.ts).
import { expect, test } from '@playwright/test';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import { POSITIVE, needFile, openApp, showView } from '../fixtures/ui/app-helpers.ts';

test('a second tab cannot scan into a session another tab is scanning, and says so', async ({
  context,
}) => {
  test.setTimeout(240_000);
  const big = cachedBigNdjson(200 * 1024 * 1024);
  const first = await context.newPage();
  await openApp(first);
  await first.getByRole('button', { name: 'Sessions ▾' }).click();
  await first.getByRole('button', { name: /new session/i }).click();
  await showView(first, 'Scan');
  await first.getByTestId('file-input').setInputFiles([big.path]);
  await expect(first.getByTestId('scan-progress')).toContainText(/[1-9][\d,.]* events/, {
    timeout: 30_000,
  });

  // The second tab opens the last used session: the one being scanned.
  const second = await context.newPage();
  await openApp(second);
  await expect(second.getByTestId('cancelled-panel')).toHaveCount(0);
  await showView(second, 'Scan');
  await second.getByTestId('file-input').setInputFiles(POSITIVE.map(needFile));
  await expect(second.getByText(/being scanned in another tab or window/)).toBeVisible({
    timeout: 30_000,
  });

  // The first tab's scan is untouched and ends normally.
  await first.getByRole('button', { name: 'Cancel' }).click();
  await expect(first.getByTestId('scan-outcome')).toContainText('Cancelled', { timeout: 30_000 });
  await expect(first.getByTestId('file-row').first()).toHaveAttribute('data-status', 'cancelled');
});
