/* global pm */
/*
 * Benchmark variant: the common blog-post recipe. Fetches a new token before every request,
 * whether or not the last one is still valid. Not part of the generated collection.
 */
(function fetchTokenEveryTime() {
  pm.sendRequest(
    {
      url: pm.variables.get('tokenUrl'),
      method: 'POST',
      header: [{ key: 'Accept', value: 'application/json' }],
      body: {
        mode: 'urlencoded',
        urlencoded: [
          { key: 'grant_type', value: 'client_credentials' },
          { key: 'client_id', value: pm.variables.get('clientId') },
          { key: 'client_secret', value: pm.variables.get('clientSecret') },
        ],
      },
    },
    function (error, response) {
      if (error) return;
      pm.environment.set('accessToken', response.json().access_token);
    },
  );
})();
