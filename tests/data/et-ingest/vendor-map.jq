# vendor export (msg,user,ts,post) to comment records
{text: .msg, author: .user, created_at: .ts, platform: "tiktok", post_url: .post}
