// Sign-in screen: email and password, the API's refusal shown in place (wrong password,
// too many attempts, or "this dashboard is for admins and auditors" for a viewer).
import LockIcon from '@mui/icons-material/Lock';
import { Alert, Box, Button, CircularProgress, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Login, useLogin } from 'react-admin';
import { errorMessage } from '../common/useReelguard';

function LoginForm() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      await login({ email, password });
    } catch (error) {
      setProblem(errorMessage(error, 'Sign-in failed. Try again.'));
      setBusy(false);
    }
  };

  return (
    <Box
      component="form"
      onSubmit={(event) => void submit(event)}
      noValidate={false}
      aria-label="Sign in"
      data-testid="login-form"
      sx={{ display: 'grid', gap: 2, p: 2, pt: 0, width: 320 }}
    >
      <Typography variant="h6" component="h1" sx={{ textAlign: 'center' }}>
        Reelguard admin
      </Typography>
      {problem ? (
        <Alert severity="error" role="alert" data-testid="login-error">
          {problem}
        </Alert>
      ) : null}
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        autoFocus
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        slotProps={{ htmlInput: { 'data-testid': 'login-email' } }}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        slotProps={{ htmlInput: { 'data-testid': 'login-password' } }}
      />
      <Button type="submit" variant="contained" disabled={busy} data-testid="login-submit">
        {busy ? <CircularProgress size={20} aria-label="Signing in" /> : 'Sign in'}
      </Button>
    </Box>
  );
}

export function LoginPage() {
  return (
    <Login avatarIcon={<LockIcon />}>
      <LoginForm />
    </Login>
  );
}
