import { expect, test } from '@playwright/test';
import { openConversation, send, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser, type TestUser } from '../test-support/e2e/users.ts';

async function writeIn(user: TestUser, language: string, text: string) {
  await user.page.locator('#composer-language').selectOption(language);
  await send(user, text);
}

test('each reader sees messages in their own language, and the original in one click', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr');
  await startDirect(alice, bruno);
  await openConversation(bruno, 'Alice');

  // The fixture models translate word by word from a small lexicon (tools/fixtures/lexicon.ts).
  await writeIn(alice, 'en', 'hello my friend');
  // Alice reads her own words as written.
  await expect(sentBubbles(alice.page, 'hello my friend').locator('.translation-line')).toHaveCount(0);

  const bubble = bruno.page.locator('li.message[data-message-id]').last();
  await expect(bubble.locator('.bubble > .text')).toHaveText('bonjour mon ami');
  await expect(bubble.locator('.translation-line')).toHaveAttribute('data-state', 'translated');
  await expect(bubble.locator('.translation-line')).toContainText('original en anglais');
  // The conversation list previews the message in Bruno's language too.
  await expect(bruno.page.locator('.conversation-item', { hasText: 'Alice' })).toContainText(
    'bonjour mon ami',
  );
  await bubble.getByRole('button', { name: "Voir l'original" }).click();
  await expect(bubble.locator('.bubble > .text')).toHaveText('hello my friend');
  await bubble.getByRole('button', { name: 'Voir la traduction' }).click();
  await expect(bubble.locator('.bubble > .text')).toHaveText('bonjour mon ami');

  // Another language on request, from the message's language menu (POST /api/translate).
  await bubble.hover();
  await bubble.getByRole('button', { name: 'Langues' }).click();
  await bubble.getByRole('searchbox', { name: 'Rechercher une langue' }).fill('esp');
  await bubble.getByRole('button', { name: 'Español · Moyen' }).click();
  await expect(bubble.locator('.bubble > .text')).toHaveText('hola mi amigo');
  await expect(bubble.locator('.bubble > .text')).toHaveAttribute('lang', 'es');
  await bubble.hover();
  await bubble.getByRole('button', { name: 'Langues' }).click();
  await bubble.getByRole('button', { name: /^Original/ }).click();
  await expect(bubble.locator('.bubble > .text')).toHaveText('hello my friend');

  // Written with the default "detect automatically": the translator finds the source language.
  await send(bruno, 'le chat boit eau', { detect: true });
  const back = alice.page.locator('li.message[data-message-id]').last();
  await expect(back.locator('.bubble > .text')).toHaveText('the cat drinks water');
  await expect(back.locator('.translation-line')).toContainText('Translated from French');

  await screenshot(bruno.page, 'translation-bruno');
  await screenshot(alice.page, 'translation-alice');
  await alice.context.close();
  await bruno.context.close();
});

test("changing the reader's language in settings makes new messages follow", async ({ browser }) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr');
  await startDirect(alice, bruno);
  await openConversation(bruno, 'Alice');
  await writeIn(alice, 'en', 'the dog drinks water');
  await expect(
    bruno.page.locator('li.message[data-message-id]').last().locator('.bubble > .text'),
  ).toHaveText('le chien boit eau');

  // Bruno now wants to read in Spanish.
  await bruno.page.getByRole('button', { name: 'Paramètres' }).click();
  await bruno.page.locator('#settings-custom-language').selectOption('es');
  await bruno.page.getByLabel('Afficher les messages dans la langue personnalisée').check();
  await bruno.page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(bruno.page.getByRole('status').filter({ hasText: 'Enregistré' })).toBeVisible();
  await bruno.page.getByRole('button', { name: 'Discussions' }).click();
  await openConversation(bruno, 'Alice');

  await writeIn(alice, 'en', 'the cat eats bread');
  const bubble = bruno.page.locator('li.message[data-message-id]').last();
  await expect(bubble.locator('.bubble > .text')).toHaveText('el gato come pan');
  await expect(bubble.locator('.bubble > .text')).toHaveAttribute('lang', 'es');
  await expect(bubble.locator('.translation-line')).toHaveAttribute('data-state', 'translated');

  await screenshot(bruno.page, 'translation-settings-bruno');
  await alice.context.close();
  await bruno.context.close();
});
