// The sign-in form. Errors come from the API's own message (wrong credentials, rate limit).
import { useId, useState, type FormEvent } from 'react';
import { useAuth } from './AuthProvider';

export function SignInPage() {
  const { signIn } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'Sign-in failed. Try again.');
      setSubmitting(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <form
        className="sign-in__card"
        aria-labelledby="sign-in-title"
        aria-describedby={error ? errorId : undefined}
        onSubmit={(event) => void submit(event)}
        data-testid="sign-in-form"
      >
        <p className="brand brand--large" aria-hidden="true">
          Reelguard
        </p>
        <h1 id="sign-in-title">Sign in</h1>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            data-testid="sign-in-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            data-testid="sign-in-password"
          />
        </label>
        {error && (
          <p id={errorId} className="form-error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={submitting} data-testid="sign-in-submit">
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
