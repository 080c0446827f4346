/** One rendered notification per cause per language, over fixed fixtures: reviewable wording changes. */
import { render } from '../../../lambda/notify/render';
import { ALL_CAUSES, inputFor } from './fixtures';

describe.each(['en', 'ja'] as const)('render (%s)', (language) => {
  it.each(ALL_CAUSES)('renders %s', (cause) => {
    const n = render(inputFor(cause, language));
    expect(n.subject).toMatchSnapshot('subject');
    expect(n.body).toMatchSnapshot('body');
    expect(n.chat).toMatchSnapshot('chat');
    expect(n.attributes).toMatchSnapshot('attributes');
  });
});
