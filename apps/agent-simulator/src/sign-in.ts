export interface SignedInUser {
  token: string;
  userId: string;
  email: string;
}

/** `POST /auth/login`, as the agent desktop's sign-in page does. */
export async function signIn(apiUrl: string, email: string, password: string): Promise<SignedInUser> {
  const response = await fetch(`${apiUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { accessToken?: string; user?: { userId: string }; message?: string };
  if (response.status !== 200 || !body.accessToken || !body.user) throw new Error(`sign-in of ${email} failed: ${response.status} ${body.message ?? ''}`);
  return { token: body.accessToken, userId: body.user.userId, email };
}
