// Shapes of the API's JSON the viewer reads (see the HTTP contract). Only what the viewer uses.

export type Role = 'admin' | 'viewer' | 'auditor';

export interface User {
  id: string;
  email: string;
  role: Role;
}

export interface LoginResponse {
  accessToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
  user: User;
}

export interface Rendition {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
}

export type VideoStatus = 'uploaded' | 'processing' | 'ready' | 'failed';

export interface Video {
  id: string;
  title: string;
  description: string;
  status: VideoStatus;
  progress: number;
  published: boolean;
  durationSec: number | null;
  renditions: Rendition[];
  posterUrl?: string;
  storyboardUrl?: string;
  createdAt: string;
  updatedAt: string;
}

export interface VideoPage {
  items: Video[];
  /** Total number of matching videos, from `Content-Range`; the page length when absent. */
  total: number;
}

export interface PlaybackStart {
  sessionId: string;
  manifestUrl: string;
  /** The idle deadline: the session dies then unless a heartbeat moves it. */
  expiresAt: string;
  /** The hard cap: the session dies then whatever happens. */
  hardExpiresAt?: string;
}

export interface HeartbeatResponse {
  expiresAt: string;
}
